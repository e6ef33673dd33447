package io.lossmonitor.window;

import io.lossmonitor.savepoint.FrozenFormat;

/**
 * The accumulator's serializer snapshot under the name release 0.2 wrote into its savepoints, where Flink looks for
 * it when it restores them; it reads and means what {@link io.lossmonitor.aggregate.LossAccumulatorSerializerSnapshot}
 * does, which checkpoints written since name instead.
 */
@FrozenFormat(release = "0.2")
public final class LossAccumulatorSerializerSnapshot
        extends io.lossmonitor.aggregate.LossAccumulatorSerializerSnapshot {

    /** For Flink, which reads the snapshot with {@link #readSnapshot}. */
    public LossAccumulatorSerializerSnapshot() {}
}

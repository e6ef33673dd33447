package io.lossmonitor.join;

import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The format of what waits under an id in the label join's state ({@link PendingJoinSerializer}). */
public final class PendingJoinSerializerSnapshot extends JoinStateSnapshot<PendingJoin> {

    /** For Flink, which reads the snapshot with {@link #readSnapshot}. */
    public PendingJoinSerializerSnapshot() {}

    @Override
    TypeSerializer<PendingJoin> serializer(int format) {
        return PendingJoinSerializer.reading(format);
    }
}

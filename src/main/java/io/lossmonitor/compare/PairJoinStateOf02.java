package io.lossmonitor.compare;

import io.lossmonitor.savepoint.RestoredKeys;
import java.util.HashMap;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * The pairing's state as release 0.2 kept it — per comparison, segment and id the side waiting for the other model's
 * ({@code waiting-side}, a {@link io.lossmonitor.join.PairSide}) — moved into this release's state once, when the
 * pairing starts from a savepoint that holds it. Its timers and {@code paired-until} stay as they are.
 */
final class PairJoinStateOf02 {

    static final String WAITING_SIDE = "waiting-side";

    private final KeyedStateBackend<String> backend;
    private final ValueState<PairSide> waiting;

    PairJoinStateOf02(KeyedStateBackend<String> backend, ValueState<PairSide> waiting) {
        this.backend = backend;
        this.waiting = waiting;
    }

    void moveIntoCurrentState() throws Exception {
        RestoredKeys.forEach(backend, WAITING_SIDE, () -> backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>(WAITING_SIDE,
                        TypeInformation.of(io.lossmonitor.join.PairSide.class))), (key, earlier) -> {
                    io.lossmonitor.join.PairSide kept = earlier.value();
                    if (kept != null) {
                        waiting.update(current(kept));
                    }
                    earlier.clear();
                });
    }

    private static PairSide current(io.lossmonitor.join.PairSide kept) {
        PairSide side = new PairSide();
        side.champion = kept.champion;
        side.challenger = kept.challenger;
        side.segment = kept.segment;
        side.id = kept.id;
        side.challengerSide = kept.challengerSide;
        side.task = kept.task;
        side.timestamp = kept.timestamp;
        side.losses = kept.losses == null ? null : new HashMap<>(kept.losses);
        return side;
    }
}

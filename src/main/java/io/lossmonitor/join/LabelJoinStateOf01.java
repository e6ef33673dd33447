package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.WrittenLabel;
import io.lossmonitor.savepoint.RestoredKeys;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * The label join's state as release 0.1 kept it — per id a waiting prediction as a whole event ({@code prediction}),
 * a waiting label ({@code label}) and the time until which a joined id was remembered ({@code joined-until}) —
 * moved into the current state once, when the join starts from a savepoint that holds it. 0.1 did not keep a joined
 * id's label: such an id is remembered as labelled, with the label unknown. The timers 0.1 set stay as they are.
 */
final class LabelJoinStateOf01 {

    static final String PREDICTION = "prediction";
    static final String LABEL = "label";
    static final String JOINED_UNTIL = "joined-until";

    private final LabelJoin join;
    private final KeyedStateBackend<String> backend;

    LabelJoinStateOf01(LabelJoin join) {
        this.join = join;
        this.backend = join.getKeyedStateBackend();
    }

    void moveIntoCurrentState() throws Exception {
        ValueState<PendingJoin> pending = join.pendingState();
        move(PREDICTION, TypeInformation.of(PredictionEvent.class), (id, p) -> {
            PendingJoin waiting = pending.value();
            List<WaitingPrediction> predictions = waiting == null ? List.of() : waiting.predictions;
            KeyGroupSignatures.Table table = join.signatures().current();
            WaitingPrediction w = WaitingPrediction.of(p, table.register(p));
            pending.update(PendingJoin.predictions(Stream.concat(predictions.stream(), Stream.of(w)).toList()));
            // 0.1's timer is there; this one is where it belongs if the label TTL changed with the upgrade.
            long expiry = JoinExpiry.of(p.timestamp, join.ttlMillis());
            join.timers().registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
            table.waitUntil(w.signature, expiry);
        });
        move(LABEL, TypeInformation.of(LabelEvent.class), (id, l) -> {
            pending.update(PendingJoin.label(l));
            join.timers().registerEventTimeTimer(VoidNamespace.INSTANCE, JoinExpiry.of(l.timestamp, join.ttlMillis()));
        });
        move(JOINED_UNTIL, Types.LONG, (id, until) -> join.joinedLabelState().update(
                JoinedLabel.withoutSignatures(WrittenLabel.UNKNOWN, until - join.ttlMillis())));
    }

    /** What to make of one id's value of a release-0.1 state. */
    private interface Mover<T> {
        void move(String id, T value) throws Exception;
    }

    private <T> void move(String name, TypeInformation<T> type, Mover<T> mover) throws Exception {
        RestoredKeys.forEach(backend, name, () -> backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>(name, type)), (id, state) -> {
                    T value = state.value();
                    if (value != null) {
                        mover.move(id, value);
                    }
                    state.clear();
                });
    }
}

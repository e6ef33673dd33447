package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.savepoint.RestoredKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * The label join's state as release 0.2 kept it — every subtask's model signatures in union operator state
 * ({@code model-signatures}, restored whole into each subtask) and waiting predictions that refer to them by 64-bit
 * fingerprint — moved into the current state once, when the join starts from a savepoint that holds it: each waiting
 * prediction's signature into its key group's table and its reference to the index there, with a timer at its event
 * time plus the label TTL now set (0.2's timer stays; whichever fires first finds it waiting). A reference whose
 * signature the savepoint does not hold (0.2 could forget one too early) stays as it is; the join drops that
 * prediction, with a dead letter, when it next meets it.
 */
final class LabelJoinStateOf02 {

    /** Release 0.2's union operator state of every subtask's model signatures, which this release empties. */
    static final String MODEL_SIGNATURES = "model-signatures";

    private final ListState<ModelSignature> union;
    private final Map<Long, ModelSignature> legacy = new HashMap<>();

    private LabelJoinStateOf02(ListState<ModelSignature> union) throws Exception {
        this.union = union;
        for (ModelSignature s : union.get()) {
            legacy.putIfAbsent(s.fingerprint, s);
        }
    }

    /** Reads what a 0.2 savepoint holds of the join's operator state: nothing when it is not restored from one. */
    static LabelJoinStateOf02 read(OperatorStateStore store) throws Exception {
        return new LabelJoinStateOf02(store.getUnionListState(
                new ListStateDescriptor<>(MODEL_SIGNATURES, TypeInformation.of(ModelSignature.class))));
    }

    /** Empties the 0.2 operator state in the snapshot being taken: once moved, it is held by key group. */
    void clear() {
        union.clear();
    }

    void moveIntoCurrentState(LabelJoin join) throws Exception {
        if (legacy.isEmpty()) {
            return;
        }
        RestoredKeys.forEach(join.getKeyedStateBackend(), LabelJoin.PENDING, join::pendingState, (id, pending) -> {
            PendingJoin waiting = pending.value();
            if (waiting != null && !waiting.isLabel()) {
                pending.update(PendingJoin.predictions(moved(join, waiting.predictions)));
            }
        });
    }

    private List<WaitingPrediction> moved(LabelJoin join, List<WaitingPrediction> waiting) {
        KeyGroupSignatures.Table table = join.signatures().current();
        List<WaitingPrediction> moved = new ArrayList<>(waiting.size());
        for (WaitingPrediction w : waiting) {
            ModelSignature s = w.isLegacy() ? legacy.get(w.legacySignature) : null;
            if (s == null) {
                moved.add(w);
                continue;
            }
            PredictionEvent names = new PredictionEvent();
            s.applyTo(names);
            WaitingPrediction m = w.withSignature(table.register(names));
            long expiry = JoinExpiry.of(m.timestamp, join.ttlMillis());
            join.timers().registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
            table.waitUntil(m.signature, expiry);
            moved.add(m);
        }
        return moved;
    }

}

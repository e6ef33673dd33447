package io.lossmonitor.join;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.PredictionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Joins predictions (keyed by id) with the label event of the same id, whichever arrives first, in event time; the
 * predictions of several models may share an id (a shadow deployment scores the same request), and one label labels
 * them all.
 *
 * <p>A prediction is passed on at once for its window's label-free signals and waits, reduced to a
 * {@link WaitingPrediction}, until its label arrives; the pair then goes on as an outcome record (losses only) at
 * the event time {@link JoinTime} chooses. What waits longer than the label TTL is dropped and counted: an expired
 * prediction as an {@code expired} marker record at its expiry time, an orphan label as a metric. After a join the
 * id keeps only its label, without a timer, until the TTL has passed after the label's event time, so that a
 * prediction of another model with the id still joins it and a second label is recognised as a duplicate. Labels
 * that do not fit their prediction, and duplicates, are dead-lettered with the reason.
 *
 * <p>Each prediction, label and timer reads one state value, what waits under the id; only a prediction that finds
 * nothing waiting reads a second, the joined label. Every record is passed on at its own event time.
 */
public class LabelJoin extends AbstractStreamOperator<PredictionEvent>
        implements TwoInputStreamOperator<PredictionEvent, LabelEvent, PredictionEvent>,
        Triggerable<String, VoidNamespace> {

    public static final String LABELS_JOINED = "labelsJoined";
    public static final String PREDICTIONS_EXPIRED = "predictionsExpired";
    public static final String LABELS_EXPIRED = "labelsExpired";
    public static final String DUPLICATE_LABELS = "duplicateLabels";

    /** What waits under an id: its predictions, or its label. */
    static final String PENDING = "pending";
    /** The label of an id that has joined. */
    static final String JOINED_LABEL = "joined-label";
    /** The model signatures the waiting predictions refer to, the union of all subtasks'. */
    static final String MODEL_SIGNATURES = "model-signatures";
    /** The timers' name, as Flink's keyed co-process operator, which ran the join before, registered them. */
    static final String TIMERS = "user-timers";

    private static final long serialVersionUID = 1L;

    private final long ttlMillis;
    private final JoinTime joinTime;
    private final OutputTag<DeadLetter> deadLetters;

    private transient ValueState<PendingJoin> pending;
    private transient ValueState<JoinedLabel> joinedLabel;
    private transient ListState<ModelSignature> signatureState;
    private transient ModelSignatures signatures;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Counter joined;
    private transient Counter predictionsExpired;
    private transient Counter labelsExpired;
    private transient Counter duplicates;

    public LabelJoin(long ttlMillis, JoinTime joinTime, OutputTag<DeadLetter> deadLetters) {
        this.ttlMillis = ttlMillis;
        this.joinTime = joinTime;
        this.deadLetters = deadLetters;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        signatureState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(MODEL_SIGNATURES, TypeInformation.of(ModelSignature.class)));
        signatures = new ModelSignatures();
        signatures.restore(signatureState.get());
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = getPartitionedState(new ValueStateDescriptor<>(PENDING, PendingJoinSerializer.INSTANCE));
        ValueStateDescriptor<JoinedLabel> joinedDescriptor =
                new ValueStateDescriptor<>(JOINED_LABEL, JoinedLabelSerializer.INSTANCE);
        // A joined label has no timer: Flink's TTL removes it once the label TTL of processing time has passed (on
        // RocksDB in compaction; on the heap one entry is checked per access, which keeps up since every joined id
        // is accessed at least twice, and full snapshots leave expired ones out); until then the label's event time
        // decides whether it still counts.
        joinedDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(ttlMillis))
                .cleanupIncrementally(1, false)
                .cleanupFullSnapshot()
                .build());
        joinedLabel = getPartitionedState(joinedDescriptor);
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        MetricGroup metrics = getMetricGroup();
        joined = metrics.counter(LABELS_JOINED);
        predictionsExpired = metrics.counter(PREDICTIONS_EXPIRED);
        labelsExpired = metrics.counter(LABELS_EXPIRED);
        duplicates = metrics.counter(DUPLICATE_LABELS);
        new LabelJoinStateOf01(this).moveIntoCurrentState();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        signatureState.update(signatures.snapshot());
    }

    @Override
    public void processElement1(StreamRecord<PredictionEvent> record) throws Exception {
        PredictionEvent p = record.getValue();
        emit(p);
        PendingJoin waiting = pending.value();
        if (waiting == null) {
            JoinedLabel known = joinedLabelKept();
            if (known != null && known.label().isKnown()) {
                try {
                    emitOutcome(p, known.label().resolveFor(p), known.timestamp(), null);
                    return;
                } catch (InvalidEventException e) {
                    deadLetter(JoinDeadLetters.misfitOfJoinedLabel(known, e, p));
                }
            }
            await(p, List.of());
        } else if (waiting.isLabel()) {
            LabelEvent l = waiting.label;
            pending.clear();
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, l.timestamp + ttlMillis);
            try {
                emitOutcome(p, l.resolveFor(p), l.timestamp, null);
                joinedLabel.update(JoinedLabel.of(l));
                return;
            } catch (InvalidEventException e) {
                deadLetter(JoinDeadLetters.misfit(l, e, p));
            }
            await(p, List.of());
        } else {
            await(p, waiting.predictions);
        }
    }

    /** Keeps {@code p} waiting beside the predictions of other models already waiting under its id. */
    private void await(PredictionEvent p, List<WaitingPrediction> others) throws Exception {
        long signature = signatures.register(p);
        List<WaitingPrediction> all = new ArrayList<>(others.size() + 1);
        for (WaitingPrediction other : others) {
            // Within a model ids are unique: a second prediction of the model for the id takes the first one's place.
            if (!signatures.get(other.signature).model.equals(p.model)) {
                all.add(other);
            }
        }
        all.add(WaitingPrediction.of(p, signature));
        pending.update(PendingJoin.predictions(all));
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, p.timestamp + ttlMillis);
    }

    @Override
    public void processElement2(StreamRecord<LabelEvent> record) throws Exception {
        LabelEvent l = record.getValue();
        PendingJoin waiting = pending.value();
        if (waiting == null) {
            if (joinedLabelKept() != null) {
                duplicate(l, "the prediction is already labelled");
                return;
            }
            pending.update(PendingJoin.label(l));
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, l.timestamp + ttlMillis);
            return;
        }
        if (waiting.isLabel()) {
            duplicate(l, "another label is already waiting for this prediction");
            return;
        }
        String id = l.id;
        List<WaitingPrediction> unfit = new ArrayList<>();
        for (WaitingPrediction w : waiting.predictions) {
            PredictionEvent p = w.toEvent(signatures.get(w.signature), id);
            try {
                emitOutcome(p, l.resolveFor(p), l.timestamp, l);
            } catch (InvalidEventException e) {
                // One dead letter per label record: for the first prediction it does not fit. Those keep waiting.
                if (unfit.isEmpty()) {
                    deadLetter(JoinDeadLetters.misfit(l, e, p));
                }
                unfit.add(w);
            }
        }
        if (unfit.size() == waiting.predictions.size()) {
            return;
        }
        for (WaitingPrediction w : waiting.predictions) {
            // A timer is per time: it stays while a prediction that keeps waiting expires at the same time.
            if (unfit.isEmpty() || !unfit.contains(w) && unfit.stream().noneMatch(u -> u.timestamp == w.timestamp)) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, w.timestamp + ttlMillis);
            }
        }
        if (unfit.isEmpty()) {
            pending.clear();
        } else {
            pending.update(PendingJoin.predictions(unfit));
        }
        joinedLabel.update(JoinedLabel.of(l));
    }

    /**
     * Emits the outcome of prediction {@code p} with its label's value and event time.
     *
     * @param label the label record whose arrival completes the join, or null when the prediction completes it: a
     *     late outcome is dead-lettered at the coordinates of the record that completed it
     */
    private void emitOutcome(PredictionEvent p, double labelValue, long labelTime, LabelEvent label) {
        PredictionEvent outcome = p.copy();
        outcome.labelled = true;
        outcome.label = labelValue;
        outcome.countsAsPrediction = false;
        outcome.labelDelayMs = labelTime - p.timestamp;
        outcome.timestamp = joinTime == JoinTime.LABEL ? labelTime : p.timestamp;
        if (label != null) {
            outcome.sourceTopic = label.sourceTopic;
            outcome.sourcePartition = label.sourcePartition;
            outcome.sourceOffset = label.sourceOffset;
            outcome.kafkaTimestamp = label.kafkaTimestamp;
        }
        emit(outcome);
        joined.inc();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        PendingJoin waiting = pending.value();
        if (waiting == null) {
            return;
        }
        long now = timer.getTimestamp();
        if (waiting.isLabel()) {
            if (waiting.label.timestamp + ttlMillis <= now) {
                labelsExpired.inc();
                pending.clear();
            } else {
                // Restored with a longer TTL than the timer was set for.
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, waiting.label.timestamp + ttlMillis);
            }
            return;
        }
        List<WaitingPrediction> kept = new ArrayList<>(waiting.predictions.size());
        for (WaitingPrediction w : waiting.predictions) {
            if (w.timestamp + ttlMillis <= now) {
                PredictionEvent marker = w.toEvent(signatures.get(w.signature), timer.getKey());
                marker.expired = true;
                marker.countsAsPrediction = false;
                marker.timestamp = now;
                emit(marker);
                predictionsExpired.inc();
            } else {
                kept.add(w);
                // Each waiting prediction has its timer; this one matters after a restore with a longer TTL.
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, w.timestamp + ttlMillis);
            }
        }
        if (kept.isEmpty()) {
            pending.clear();
        } else if (kept.size() < waiting.predictions.size()) {
            pending.update(PendingJoin.predictions(kept));
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // The join keeps event time only.
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        super.processWatermark(mark);
        // The timers up to the watermark have fired: no prediction of an earlier time than this still waits.
        long earliestWaiting = mark.getTimestamp() - ttlMillis + 1;
        if (earliestWaiting < mark.getTimestamp()) {
            signatures.forgetUnusedSince(earliestWaiting);
        }
    }

    /** The joined label of the current id, if the id is still remembered at the current watermark. */
    private JoinedLabel joinedLabelKept() throws Exception {
        JoinedLabel known = joinedLabel.value();
        if (known != null && !known.keptAt(timers.currentWatermark(), ttlMillis)) {
            joinedLabel.clear();
            return null;
        }
        return known;
    }

    private void duplicate(LabelEvent l, String why) {
        duplicates.inc();
        deadLetter(JoinDeadLetters.duplicate(l, why));
    }

    private void emit(PredictionEvent e) {
        output.collect(new StreamRecord<>(e, e.timestamp));
    }

    private void deadLetter(DeadLetter d) {
        output.collect(deadLetters, new StreamRecord<>(d));
    }

    ValueState<PendingJoin> pendingState() {
        return pending;
    }

    ValueState<JoinedLabel> joinedLabelState() {
        return joinedLabel;
    }

    ModelSignatures signatures() {
        return signatures;
    }

    InternalTimerService<VoidNamespace> timers() {
        return timers;
    }

    long ttlMillis() {
        return ttlMillis;
    }
}

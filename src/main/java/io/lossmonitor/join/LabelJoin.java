package io.lossmonitor.join;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.InternalErrors;
import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Relevance;
import io.lossmonitor.event.RejectionKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
import org.apache.flink.util.function.SerializableFunction;

/**
 * Joins predictions (keyed by id) with the label event of the same id, whichever arrives first, in event time. The
 * unit of the join is (model, version, segment, id): predictions of several (model, version, segment) may share an
 * id (a shadow deployment, or a new version in shadow, scores the same request); each waits and joins on its own,
 * and one label labels them all.
 *
 * <p>A prediction is passed on at once for its window's label-free signals and waits, reduced to a
 * {@link WaitingPrediction}, until its label arrives; the pair then goes on as an outcome record (losses only) at
 * the event time {@link JoinTime} chooses. What waits longer than the label TTL is dropped and counted: an expired
 * prediction as an {@code expired} marker record at its expiry time, an orphan label as a metric. After a join the
 * id keeps only its label and the signatures of the predictions it labelled, without a timer, until the TTL has
 * passed after the label's event time.
 *
 * <p>An id is in one of four states, kept in one state value at a time ({@code pending}, or {@code joined-label}
 * once joined); each record and timer moves it as follows (u is the (model, version, segment) of a prediction P):
 * <pre>
 * nothing               P: P waits                                   -> predictions waiting
 *                       label L: L waits                             -> label waiting
 * predictions waiting   P of a u waiting already: P is a duplicate (dead letter), the others wait on
 *                       P of another u: P waits too
 *                       L fits every waiting prediction: all join    -> joined
 *                       L fits some: those join; each one it does not fit is dead-lettered -> joined
 *                       L fits none: L is dead-lettered, the predictions wait on for a label that fits
 *                       timer: those whose TTL has run out expire (markers); if none is left -> nothing
 * label waiting         P fits L: P joins                            -> joined
 *                       P does not fit L: L is dead-lettered, P waits -> predictions waiting
 *                       another label: a duplicate (dead letter)
 *                       timer: L expires (labelsExpired)             -> nothing
 * joined                P of a u L labelled: a duplicate (dead letter)
 *                       P of another u that fits L: P joins
 *                       P that does not fit L: P is dead-lettered (the id's label is L)
 *                       another label: a duplicate (dead letter)
 *                       TTL passed after L's event time              -> nothing
 * </pre>
 * A waiting prediction expires at its event time plus the TTL; restored under a different {@code --label-ttl}, what
 * was waiting expires at its event time plus the longer of the two (its timer was set under the old one). Nothing
 * here throws on the state it finds: a waiting prediction refers to its model's names by an index into its key
 * group's {@link KeyGroupSignatures}, which keeps every signature while a timer or a kept label can refer to it.
 *
 * <p>A record or timer the join fails on (a defect not yet found) is dead-lettered as {@code internal error: …} and
 * counted, and the join goes on.
 *
 * <p>Each prediction, label and timer reads one state value, what waits under the id; only a prediction or label
 * that finds nothing waiting reads a second, the joined label. Every record is passed on at its own event time.
 */
public class LabelJoin extends AbstractStreamOperator<PredictionEvent>
        implements TwoInputStreamOperator<PredictionEvent, LabelEvent, PredictionEvent>,
        Triggerable<String, VoidNamespace> {

    /** The type of the label events the join reads, written compactly on their way ({@link LabelWireSerializer}). */
    public static final TypeInformation<LabelEvent> LABELS = WireType.LABELS;

    /** Predictions joined with their label. */
    public static final String LABELS_JOINED = "labelsJoined";
    public static final String PREDICTIONS_EXPIRED = "predictionsExpired";
    public static final String LABELS_EXPIRED = "labelsExpired";
    public static final String DUPLICATE_LABELS = "duplicateLabels";
    /** Second predictions of a (model, version, segment) for an id, dead-lettered. */
    public static final String DUPLICATE_PREDICTIONS = "duplicatePredictions";
    /** Labels that fit none of the predictions they met, dead-lettered. */
    public static final String MISFIT_LABELS = "misfitLabels";
    /** Predictions that their id's label, which labelled others, does not fit: dead-lettered, never labelled. */
    public static final String MISFIT_PREDICTIONS = "misfitPredictions";
    /** Waiting predictions restored without their model's names, dead-lettered. */
    public static final String UNRESOLVED_PREDICTIONS = "unresolvedPredictions";

    /** What waits under an id: its predictions, or its label. */
    static final String PENDING = "pending";
    /** The label of an id that has joined. */
    static final String JOINED_LABEL = "joined-label";
    /** Each subtask's watermark at the snapshot: event time that had passed before a restore. */
    static final String WATERMARK = "watermark";
    /** The timers' name, as Flink's keyed co-process operator, which ran the join before, registered them. */
    static final String TIMERS = "user-timers";

    private static final long serialVersionUID = 1L;

    private final long ttlMillis;
    private final JoinTime joinTime;
    private final OutputTag<DeadLetter> deadLetters;
    private final SerializableFunction<PredictionEvent, byte[]> writeBack;

    private transient ValueState<PendingJoin> pending;
    private transient ValueState<JoinedLabel> joinedLabel;
    /** What a release-0.2 savepoint held of the join's operator state, until it is moved into this release's. */
    private transient LabelJoinStateOf02 stateOf02;
    private transient ListState<Long> watermarkState;
    /** The latest watermark of any subtask before the restore; the timer service's starts from scratch. */
    private transient long restoredWatermark;
    private transient KeyGroupSignatures signatures;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient long nextSweep;
    private transient Counter joined;
    private transient Counter predictionsExpired;
    private transient Counter labelsExpired;
    private transient Counter duplicateLabels;
    private transient Counter duplicatePredictions;
    private transient Counter misfitLabels;
    private transient Counter misfitPredictions;
    private transient Counter unresolved;
    private transient Counter internalErrorCount;
    private transient InternalErrors internalErrors;

    /**
     * @param writeBack writes a prediction back as an input record, for the dead letter of a duplicate prediction
     */
    public LabelJoin(long ttlMillis, JoinTime joinTime, OutputTag<DeadLetter> deadLetters,
                     SerializableFunction<PredictionEvent, byte[]> writeBack) {
        this.ttlMillis = ttlMillis;
        this.joinTime = joinTime;
        this.deadLetters = deadLetters;
        this.writeBack = writeBack;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        stateOf02 = LabelJoinStateOf02.read(context.getOperatorStateStore());
        watermarkState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(WATERMARK, Types.LONG));
        restoredWatermark = Long.MIN_VALUE;
        for (Long w : watermarkState.get()) {
            restoredWatermark = Math.max(restoredWatermark, w);
        }
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
        TaskInfo task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        signatures = new KeyGroupSignatures(getKeyedStateBackend(),
                getPartitionedState(new MapStateDescriptor<>(KeyGroupSignatures.STATE, Types.INT,
                        TypeInformation.of(KeptSignature.class))),
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism,
                        task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask()),
                maxParallelism);
        signatures.load();
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        MetricGroup metrics = getMetricGroup();
        joined = metrics.counter(LABELS_JOINED);
        predictionsExpired = metrics.counter(PREDICTIONS_EXPIRED);
        labelsExpired = metrics.counter(LABELS_EXPIRED);
        duplicateLabels = metrics.counter(DUPLICATE_LABELS);
        duplicatePredictions = metrics.counter(DUPLICATE_PREDICTIONS);
        misfitLabels = metrics.counter(MISFIT_LABELS);
        misfitPredictions = metrics.counter(MISFIT_PREDICTIONS);
        unresolved = metrics.counter(UNRESOLVED_PREDICTIONS);
        internalErrorCount = metrics.addGroup("reason", RejectionKind.INTERNAL.metricName())
                .counter(InternalErrors.DEAD_LETTERED);
        internalErrors = new InternalErrors("join-labels");
        new LabelJoinStateOf01(this).moveIntoCurrentState();
        stateOf02.moveIntoCurrentState(this);
        nextSweep = Long.MIN_VALUE;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        signatures.flush();
        stateOf02.clear();
        watermarkState.update(List.of(watermark()));
    }

    @Override
    public void processElement1(StreamRecord<PredictionEvent> record) throws Exception {
        PredictionEvent p = record.getValue();
        try {
            prediction(p);
        } catch (RuntimeException failure) {
            internalError(failure, p.sourceTopic, p.sourcePartition, p.sourceOffset, p.kafkaTimestamp,
                    writtenBack(p));
        }
    }

    private void prediction(PredictionEvent p) throws Exception {
        KeyGroupSignatures.Table table = signatures.current();
        int signature = table.register(p);
        PendingJoin waiting = pending.value();
        if (waiting == null) {
            JoinedLabel known = joinedLabelKept();
            if (known == null) {
                emit(p);
                await(p, signature, List.of(), table);
            } else {
                predictionOfJoinedId(p, signature, known, table);
            }
        } else if (waiting.isLabel()) {
            emit(p);
            LabelEvent l = waiting.label;
            l.id = p.id;
            pending.clear();
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, JoinExpiry.of(l.timestamp, ttlMillis));
            try {
                emitOutcome(p, l.resolveFor(p), l.written().relevance(), l.timestamp, null);
                joinedLabel.update(JoinedLabel.of(l, new int[] {signature}));
                table.joinedAt(signature, l.timestamp);
            } catch (InvalidEventException e) {
                misfitLabels.inc();
                deadLetter(JoinDeadLetters.misfit(l, e, p));
                await(p, signature, List.of(), table);
            }
        } else if (waitingOfSameUnit(waiting.predictions, p, table)) {
            duplicatePrediction(p, "a prediction of it for this id is already waiting for its label");
        } else {
            emit(p);
            await(p, signature, waiting.predictions, table);
        }
    }

    /** A prediction of an id that has joined its label: a duplicate, a join with the label kept, or a misfit. */
    private void predictionOfJoinedId(PredictionEvent p, int signature, JoinedLabel known,
                                      KeyGroupSignatures.Table table) throws Exception {
        for (int s : known.signatures()) {
            KeptSignature labelled = table.get(s);
            if (labelled != null && labelled.sameUnit(p)) {
                duplicatePrediction(p, "a prediction of it for this id has joined its label already");
                return;
            }
        }
        emit(p);
        if (!known.label().isKnown()) {
            // Release 0.1 kept only that an id was labelled, not the label: the prediction waits for one.
            await(p, signature, List.of(), table);
            return;
        }
        try {
            emitOutcome(p, known.label().resolveFor(p), known.label().relevance(), known.timestamp(), null);
            joinedLabel.update(known.with(signature));
            table.joinedAt(signature, known.timestamp());
        } catch (InvalidEventException e) {
            misfitPredictions.inc();
            deadLetter(JoinDeadLetters.misfitOfJoinedLabel(known, e, p));
        }
    }

    private static boolean waitingOfSameUnit(List<WaitingPrediction> waiting, PredictionEvent p,
                                             KeyGroupSignatures.Table table) {
        for (WaitingPrediction w : waiting) {
            KeptSignature s = w.isLegacy() ? null : table.get(w.signature);
            if (s != null && s.sameUnit(p)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps {@code p} waiting beside the predictions of other (model, version, segment) already waiting. */
    private void await(PredictionEvent p, int signature, List<WaitingPrediction> others,
                       KeyGroupSignatures.Table table) throws Exception {
        List<WaitingPrediction> all = new ArrayList<>(others.size() + 1);
        all.addAll(others);
        all.add(WaitingPrediction.of(p, signature));
        pending.update(PendingJoin.predictions(all));
        long expiry = JoinExpiry.of(p.timestamp, ttlMillis);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
        table.waitUntil(signature, expiry);
    }

    @Override
    public void processElement2(StreamRecord<LabelEvent> record) throws Exception {
        LabelEvent l = record.getValue();
        try {
            label(l);
        } catch (RuntimeException failure) {
            internalError(failure, l.sourceTopic, l.sourcePartition, l.sourceOffset, l.kafkaTimestamp, l.raw);
        }
    }

    private void label(LabelEvent l) throws Exception {
        PendingJoin waiting = pending.value();
        if (waiting == null) {
            if (joinedLabelKept() != null) {
                duplicateLabel(l, "the id is already labelled");
            } else {
                pending.update(PendingJoin.label(l));
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, JoinExpiry.of(l.timestamp, ttlMillis));
            }
        } else if (waiting.isLabel()) {
            duplicateLabel(l, "another label is already waiting for its predictions");
        } else {
            labelOfWaitingPredictions(l, waiting.predictions);
        }
    }

    /** A label meets the predictions waiting under its id: those it fits join it, if any. */
    private void labelOfWaitingPredictions(LabelEvent l, List<WaitingPrediction> waiting) throws Exception {
        KeyGroupSignatures.Table table = signatures.current();
        List<Met> met = new ArrayList<>(waiting.size());
        boolean anyFits = false;
        for (WaitingPrediction w : waiting) {
            KeptSignature s = resolve(w, table);
            if (s != null) {
                Met m = Met.of(w, w.toEvent(s, l.id), l);
                met.add(m);
                anyFits |= m.fits();
            }
        }
        if (!anyFits) {
            if (!met.isEmpty()) {
                misfitLabels.inc();
                deadLetter(JoinDeadLetters.misfit(l, met.get(0).misfit(), met.get(0).prediction()));
            }
            if (met.size() < waiting.size()) {
                writeWaiting(met.stream().map(Met::waiting).toList());
            }
            return;
        }
        int[] labelled = new int[(int) met.stream().filter(Met::fits).count()];
        int next = 0;
        for (Met m : met) {
            if (m.fits()) {
                emitOutcome(m.prediction(), m.value(), l.written().relevance(), l.timestamp, l);
                labelled[next++] = m.waiting().signature;
                table.joinedAt(m.waiting().signature, l.timestamp);
            } else {
                misfitPredictions.inc();
                deadLetter(JoinDeadLetters.misfitOfLabelled(l, m.misfit(), m.prediction()));
            }
        }
        for (WaitingPrediction w : waiting) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, JoinExpiry.of(w.timestamp, ttlMillis));
        }
        pending.clear();
        joinedLabel.update(JoinedLabel.of(l, labelled));
    }

    /** A waiting prediction as a label met it: the label's value for it, or why the label does not fit it. */
    private record Met(WaitingPrediction waiting, PredictionEvent prediction, double value,
                       InvalidEventException misfit) {

        static Met of(WaitingPrediction w, PredictionEvent p, LabelEvent l) {
            try {
                return new Met(w, p, l.resolveFor(p), null);
            } catch (InvalidEventException e) {
                return new Met(w, p, Double.NaN, e);
            }
        }

        boolean fits() {
            return misfit == null;
        }
    }

    /**
     * The signature of a waiting prediction; null, with the prediction dead-lettered and counted, when its key group
     * does not hold it, which only state restored from an earlier release can lead to.
     */
    private KeptSignature resolve(WaitingPrediction w, KeyGroupSignatures.Table table) {
        KeptSignature s = w.isLegacy() ? null : table.get(w.signature);
        if (s == null) {
            unresolved.inc();
            deadLetter(JoinDeadLetters.unresolved((String) getCurrentKey(), w));
        }
        return s;
    }

    private void writeWaiting(List<WaitingPrediction> kept) throws Exception {
        if (kept.isEmpty()) {
            pending.clear();
        } else {
            pending.update(PendingJoin.predictions(kept));
        }
    }

    /**
     * Emits the outcome of prediction {@code p} with its label's value (and a ranked list's relevance, else null) and
     * event time.
     *
     * @param label the label record whose arrival completes the join, or null when the prediction completes it: a
     *     late outcome is dead-lettered at the coordinates of the record that completed it
     */
    private void emitOutcome(PredictionEvent p, double labelValue, Relevance relevance, long labelTime,
                             LabelEvent label) {
        PredictionEvent outcome = p.copy();
        outcome.labelled = true;
        outcome.label = labelValue;
        if (relevance != null) {
            outcome.relevantItems = relevance.items();
            outcome.gains = relevance.gains();
        }
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
        try {
            expire(timer);
        } catch (RuntimeException failure) {
            // What waits under the id cannot be expired: it leaves, said once, so that no restart meets it again.
            pending.clear();
            internalError(failure, null, -1, -1, -1, JoinDeadLetters.idRecord(timer.getKey(), timer.getTimestamp()));
        }
    }

    private void expire(InternalTimer<String, VoidNamespace> timer) throws Exception {
        PendingJoin waiting = pending.value();
        if (waiting == null) {
            return;
        }
        long now = timer.getTimestamp();
        if (waiting.isLabel()) {
            long expiry = JoinExpiry.of(waiting.label.timestamp, ttlMillis);
            if (expiry <= now) {
                labelsExpired.inc();
                pending.clear();
            } else {
                // Restored with a longer TTL than the timer was set for.
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
            }
            return;
        }
        KeyGroupSignatures.Table table = signatures.current();
        List<WaitingPrediction> kept = new ArrayList<>(waiting.predictions.size());
        for (WaitingPrediction w : waiting.predictions) {
            long expiry = JoinExpiry.of(w.timestamp, ttlMillis);
            if (expiry > now) {
                kept.add(w);
                // Each waiting prediction has its timer; this one matters after a restore with a longer TTL.
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry);
                if (!w.isLegacy()) {
                    table.waitUntil(w.signature, expiry);
                }
                continue;
            }
            KeptSignature s = resolve(w, table);
            if (s != null) {
                PredictionEvent marker = w.toEvent(s, timer.getKey());
                marker.expired = true;
                marker.countsAsPrediction = false;
                marker.timestamp = now;
                emit(marker);
                predictionsExpired.inc();
            }
        }
        if (kept.size() < waiting.predictions.size()) {
            writeWaiting(kept);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // The join keeps event time only.
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        super.processWatermark(mark);
        // The timers up to the watermark have fired; a sweep over the signatures now and then forgets those nothing
        // can refer to any more.
        long now = mark.getTimestamp();
        if (now >= nextSweep) {
            signatures.forgetUnused(now, ttlMillis);
            nextSweep = JoinExpiry.of(now, Math.max(1, ttlMillis / 2));
        }
    }

    /**
     * How far event time has come: the timer service's watermark, or before the first one after a restore, the
     * watermark before it (so that a joined label forgotten then, whose signatures may have been forgotten too, is
     * not taken for a kept one).
     */
    private long watermark() {
        return Math.max(timers.currentWatermark(), restoredWatermark);
    }

    /** The joined label of the current id, if the id is still remembered at the current watermark. */
    private JoinedLabel joinedLabelKept() throws Exception {
        JoinedLabel known = joinedLabel.value();
        if (known != null && !known.keptAt(watermark(), ttlMillis)) {
            joinedLabel.clear();
            return null;
        }
        return known;
    }

    private void internalError(RuntimeException failure, String topic, int partition, long offset, long timestamp,
                               byte[] raw) {
        internalErrorCount.inc();
        deadLetter(new DeadLetter(RejectionKind.INTERNAL, internalErrors.reasonFor(failure), topic, partition, offset,
                timestamp, raw));
    }

    /** {@code p} as an input record, or null where even that fails on it. */
    private byte[] writtenBack(PredictionEvent p) {
        try {
            return writeBack.apply(p);
        } catch (RuntimeException failure) {
            return null;
        }
    }

    private void duplicateLabel(LabelEvent l, String why) {
        duplicateLabels.inc();
        deadLetter(JoinDeadLetters.duplicate(l, why));
    }

    private void duplicatePrediction(PredictionEvent p, String why) {
        duplicatePredictions.inc();
        deadLetter(JoinDeadLetters.duplicate(p, writeBack.apply(p), why));
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

    KeyGroupSignatures signatures() {
        return signatures;
    }

    InternalTimerService<VoidNamespace> timers() {
        return timers;
    }

    long ttlMillis() {
        return ttlMillis;
    }
}

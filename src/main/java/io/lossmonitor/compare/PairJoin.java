package io.lossmonitor.compare;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Pairs the champion's and the challenger's labelled predictions of the same id (and segment), whichever arrives
 * first, in event time: a pair goes on at the later of the two event times. A side waits at most the pair TTL for
 * the other and is then dropped and counted. After a pair, only a marker stays until the TTL has passed, so that a
 * second prediction of either model with the id is recognised as a duplicate; then every state and timer of the id
 * is gone. Duplicates, and a prediction of another task than its waiting counterpart, go to {@link #REJECTED}.
 */
public class PairJoin extends AbstractStreamOperator<PairedLosses>
        implements OneInputStreamOperator<PairSide, PairedLosses>, Triggerable<String, VoidNamespace> {

    public static final String PAIRS_MADE = "pairsMade";
    public static final String PAIRS_EXPIRED = "pairsExpired";
    public static final OutputTag<PairRejection> REJECTED =
            new OutputTag<>("unpairable", TypeInformation.of(PairRejection.class));

    /** The side waiting for the other model's prediction, its prediction left out. */
    static final String WAITING_SIDE = "waiting-pair-side";
    /** Until when a made pair is remembered. */
    static final String PAIRED_UNTIL = "paired-until";
    /** The timers' name, as Flink's keyed process operator, which ran the pairing before, registered them. */
    static final String TIMERS = "user-timers";

    private static final long serialVersionUID = 1L;

    private final long ttlMillis;

    private transient ValueState<PairSide> waiting;
    private transient ValueState<Long> pairedUntil;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Counter made;
    private transient Counter expired;

    public PairJoin(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        waiting = getPartitionedState(new ValueStateDescriptor<>(WAITING_SIDE, TypeInformation.of(PairSide.class)));
        pairedUntil = getPartitionedState(new ValueStateDescriptor<>(PAIRED_UNTIL, Types.LONG));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        MetricGroup metrics = getMetricGroup();
        made = metrics.counter(PAIRS_MADE);
        expired = metrics.counter(PAIRS_EXPIRED);
        new PairJoinStateOf02(getKeyedStateBackend(), waiting).moveIntoCurrentState();
    }

    @Override
    public void processElement(StreamRecord<PairSide> record) throws Exception {
        PairSide side = record.getValue();
        if (pairedUntil.value() != null) {
            reject(side, record, "it is already paired");
            return;
        }
        PairSide other = waiting.value();
        if (other == null) {
            PairSide kept = side.copyWithoutEvent();
            waiting.update(kept);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, kept.timestamp + ttlMillis);
            return;
        }
        if (other.challengerSide == side.challengerSide) {
            reject(side, record, "its first prediction is waiting for the other model's");
            return;
        }
        if (other.task != side.task) {
            output.collect(REJECTED, record.replace(new PairRejection(side.event, "cannot pair the "
                    + side.task.jsonName() + " prediction of '" + side.model() + "' with id '" + side.id + "' with the "
                    + other.task.jsonName() + " prediction of '" + other.model() + "' (--compare " + side.champion
                    + ":" + side.challenger + ")")));
            return;
        }
        PairSide champion = side.challengerSide ? other : side;
        PairSide challenger = side.challengerSide ? side : other;
        PairedLosses pair = new PairedLosses();
        pair.champion = side.champion;
        pair.challenger = side.challenger;
        pair.segment = side.segment;
        pair.task = side.task;
        pair.timestamp = Math.max(side.timestamp, other.timestamp);
        pair.championLosses = champion.losses;
        pair.challengerLosses = challenger.losses;
        output.collect(record.replace(pair));
        made.inc();
        waiting.clear();
        timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, other.timestamp + ttlMillis);
        pairedUntil.update(pair.timestamp + ttlMillis);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, pair.timestamp + ttlMillis);
    }

    private void reject(PairSide side, StreamRecord<PairSide> record, String why) {
        output.collect(REJECTED, record.replace(new PairRejection(side.event, "duplicate prediction of '"
                + side.model() + "' with id '" + side.id + "' for --compare " + side.champion + ":" + side.challenger
                + ": " + why + " (it still counts in the model's own aggregate)")));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long timestamp = timer.getTimestamp();
        PairSide side = waiting.value();
        if (side != null && side.timestamp + ttlMillis <= timestamp) {
            expired.inc();
            waiting.clear();
        }
        Long until = pairedUntil.value();
        if (until != null && until <= timestamp) {
            pairedUntil.clear();
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // The pairing keeps event time only.
    }
}

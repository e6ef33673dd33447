package io.lossmonitor.join;

import io.lossmonitor.window.PairedLosses;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Pairs the champion's and the challenger's labelled predictions of the same id (and segment), whichever arrives
 * first, in event time: a pair goes on at the later of the two event times. A side waits at most the pair TTL for
 * the other and is then dropped and counted. After a pair, only a marker stays until the TTL has passed, so that a
 * second prediction of either model with the id is recognised as a duplicate; then every state and timer of the id
 * is gone. Duplicates, and a prediction of another task than its waiting counterpart, go to {@link #REJECTED}.
 */
public class PairJoin extends KeyedProcessFunction<String, PairSide, PairedLosses> {

    public static final String PAIRS_MADE = "pairsMade";
    public static final String PAIRS_EXPIRED = "pairsExpired";
    public static final OutputTag<PairRejection> REJECTED =
            new OutputTag<>("unpairable", TypeInformation.of(PairRejection.class));

    private final long ttlMillis;

    private transient ValueState<PairSide> waiting;
    private transient ValueState<Long> pairedUntil;
    private transient Counter made;
    private transient Counter expired;

    public PairJoin(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-side",
                TypeInformation.of(PairSide.class)));
        pairedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("paired-until", Types.LONG));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        made = metrics.counter(PAIRS_MADE);
        expired = metrics.counter(PAIRS_EXPIRED);
    }

    @Override
    public void processElement(PairSide side, Context ctx, Collector<PairedLosses> out) throws Exception {
        if (pairedUntil.value() != null) {
            reject(side, ctx, "it is already paired");
            return;
        }
        PairSide other = waiting.value();
        if (other == null) {
            PairSide kept = side.copyWithoutEvent();
            waiting.update(kept);
            ctx.timerService().registerEventTimeTimer(kept.timestamp + ttlMillis);
            return;
        }
        if (other.challengerSide == side.challengerSide) {
            reject(side, ctx, "its first prediction is waiting for the other model's");
            return;
        }
        if (other.task != side.task) {
            ctx.output(REJECTED, new PairRejection(side.event, "cannot pair the " + side.task.jsonName()
                    + " prediction of '" + side.model() + "' with id '" + side.id + "' with the "
                    + other.task.jsonName() + " prediction of '" + other.model() + "' (--compare " + side.champion
                    + ":" + side.challenger + ")"));
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
        out.collect(pair);
        made.inc();
        waiting.clear();
        ctx.timerService().deleteEventTimeTimer(other.timestamp + ttlMillis);
        pairedUntil.update(pair.timestamp + ttlMillis);
        ctx.timerService().registerEventTimeTimer(pair.timestamp + ttlMillis);
    }

    private void reject(PairSide side, Context ctx, String why) {
        ctx.output(REJECTED, new PairRejection(side.event, "duplicate prediction of '" + side.model() + "' with id '"
                + side.id + "' for --compare " + side.champion + ":" + side.challenger + ": " + why
                + " (it still counts in the model's own aggregate)"));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PairedLosses> out) throws Exception {
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
}

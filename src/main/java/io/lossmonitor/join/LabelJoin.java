package io.lossmonitor.join;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import java.util.Iterator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins predictions with the label event of the same id, whichever arrives first, in event time; the predictions of
 * several models may share an id (a shadow deployment scores the same request), and one label labels them all.
 *
 * <p>A prediction is passed on at once for its window's label-free signals and kept until its label arrives;
 * the pair then goes on as an outcome record (losses only) at the event time {@link JoinTime} chooses. What
 * waits longer than the label TTL is dropped and counted: an expired prediction as an {@code expired} marker
 * record at its expiry time, an orphan label as a metric. After a join the label stays until the TTL has passed,
 * so that a prediction of another model with the same id still joins it and a second label for the id is
 * recognised as a duplicate; then every state and timer of the id is gone. Labels that do not fit their
 * prediction, and duplicates, are dead-lettered with the reason.
 */
public class LabelJoin extends KeyedCoProcessFunction<String, PredictionEvent, LabelEvent, PredictionEvent> {

    public static final String LABELS_JOINED = "labelsJoined";
    public static final String PREDICTIONS_EXPIRED = "predictionsExpired";
    public static final String LABELS_EXPIRED = "labelsExpired";
    public static final String DUPLICATE_LABELS = "duplicateLabels";

    private final long ttlMillis;
    private final JoinTime joinTime;
    private final OutputTag<DeadLetter> deadLetters;

    /** The one waiting prediction of an id, as release 0.1 kept it; moved into {@link #predictions} when met. */
    private transient ValueState<PredictionEvent> earlierPrediction;
    private transient MapState<String, PredictionEvent> predictions;
    private transient ValueState<LabelEvent> label;
    private transient ValueState<Long> joinedUntil;
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
    public void open(OpenContext openContext) {
        earlierPrediction = getRuntimeContext().getState(
                new ValueStateDescriptor<>("prediction", TypeInformation.of(PredictionEvent.class)));
        predictions = getRuntimeContext().getMapState(new MapStateDescriptor<>("predictions-by-model", Types.STRING,
                TypeInformation.of(PredictionEvent.class)));
        label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", TypeInformation.of(LabelEvent.class)));
        joinedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("joined-until", Types.LONG));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        joined = metrics.counter(LABELS_JOINED);
        predictionsExpired = metrics.counter(PREDICTIONS_EXPIRED);
        labelsExpired = metrics.counter(LABELS_EXPIRED);
        duplicates = metrics.counter(DUPLICATE_LABELS);
    }

    @Override
    public void processElement1(PredictionEvent p, Context ctx, Collector<PredictionEvent> out) throws Exception {
        out.collect(p);
        adoptEarlierPrediction();
        LabelEvent l = label.value();
        if (l != null) {
            if (!join(p, l, ctx, out)) {
                label.clear();
            } else {
                markJoined(Math.max(p.timestamp, l.timestamp), ctx);
                return;
            }
        }
        predictions.put(p.model, p);
        ctx.timerService().registerEventTimeTimer(p.timestamp + ttlMillis);
    }

    @Override
    public void processElement2(LabelEvent l, Context ctx, Collector<PredictionEvent> out) throws Exception {
        adoptEarlierPrediction();
        if (joinedUntil.value() != null) {
            duplicate(l, ctx, "the prediction is already labelled");
            return;
        }
        if (label.value() != null) {
            duplicate(l, ctx, "another label is already waiting for this prediction");
            return;
        }
        long latest = Long.MIN_VALUE;
        boolean fits = true;
        for (Iterator<PredictionEvent> waiting = predictions.values().iterator(); fits && waiting.hasNext(); ) {
            PredictionEvent p = waiting.next();
            fits = join(p, l, ctx, out);
            if (fits) {
                waiting.remove();
                ctx.timerService().deleteEventTimeTimer(p.timestamp + ttlMillis);
                latest = Math.max(latest, p.timestamp);
            }
        }
        dropIfEmpty();
        if (!fits) {
            return;
        }
        label.update(l);
        if (latest == Long.MIN_VALUE) {
            ctx.timerService().registerEventTimeTimer(l.timestamp + ttlMillis);
        } else {
            markJoined(Math.max(latest, l.timestamp), ctx);
        }
    }

    /** Emits the outcome of a prediction and its label; false (and the label dead-lettered) if it does not fit. */
    private boolean join(PredictionEvent p, LabelEvent l, Context ctx, Collector<PredictionEvent> out)
            throws Exception {
        double value;
        try {
            value = l.resolveFor(p);
        } catch (InvalidEventException e) {
            ctx.output(deadLetters, deadLetter(l, e.kind(), e.getMessage() + " (prediction of model '" + p.model
                    + "', task " + p.task.jsonName() + ")"));
            return false;
        }
        PredictionEvent outcome = p.copy();
        outcome.labelled = true;
        outcome.label = value;
        outcome.countsAsPrediction = false;
        outcome.labelDelayMs = l.timestamp - p.timestamp;
        outcome.timestamp = joinTime == JoinTime.LABEL ? l.timestamp : p.timestamp;
        out.collect(outcome);
        joined.inc();
        return true;
    }

    /** Keeps the joined label until the TTL has passed after {@code latest}, the latest event time of the join. */
    private void markJoined(long latest, Context ctx) throws Exception {
        Long until = joinedUntil.value();
        if (until == null || until < latest + ttlMillis) {
            joinedUntil.update(latest + ttlMillis);
            ctx.timerService().registerEventTimeTimer(latest + ttlMillis);
        }
    }

    /** An empty map still takes a state entry per id. */
    private void dropIfEmpty() throws Exception {
        if (predictions.isEmpty()) {
            predictions.clear();
        }
    }

    private void adoptEarlierPrediction() throws Exception {
        PredictionEvent p = earlierPrediction.value();
        if (p != null) {
            predictions.put(p.model, p);
            earlierPrediction.clear();
        }
    }

    private void duplicate(LabelEvent l, Context ctx, String why) {
        duplicates.inc();
        ctx.output(deadLetters, deadLetter(l, RejectionKind.INVALID, "duplicate label for id '" + l.id + "': " + why));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PredictionEvent> out) throws Exception {
        adoptEarlierPrediction();
        for (Iterator<PredictionEvent> waiting = predictions.values().iterator(); waiting.hasNext(); ) {
            PredictionEvent p = waiting.next();
            if (p.timestamp + ttlMillis <= timestamp) {
                PredictionEvent marker = p.copy();
                marker.expired = true;
                marker.countsAsPrediction = false;
                marker.timestamp = timestamp;
                out.collect(marker);
                predictionsExpired.inc();
                waiting.remove();
            }
        }
        dropIfEmpty();
        Long until = joinedUntil.value();
        if (until != null) {
            if (until <= timestamp) {
                joinedUntil.clear();
                label.clear();
            }
            return;
        }
        LabelEvent l = label.value();
        if (l != null && l.timestamp + ttlMillis <= timestamp) {
            labelsExpired.inc();
            label.clear();
        }
    }

    private static DeadLetter deadLetter(LabelEvent l, RejectionKind kind, String error) {
        return new DeadLetter(kind, error, l.sourceTopic, l.sourcePartition, l.sourceOffset, l.kafkaTimestamp, l.raw);
    }
}

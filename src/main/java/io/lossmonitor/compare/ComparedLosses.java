package io.lossmonitor.compare;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.loss.ValueLimit;
import io.lossmonitor.metric.EventScorer;
import io.lossmonitor.metric.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-event values of the losses that comparisons report ({@link Metric#compared}), scored and held within the
 * {@link ValueLimit} as windows do.
 */
public final class ComparedLosses {

    private final LossParameters params;
    private final ScoredEvent scratch = new ScoredEvent();

    public ComparedLosses(LossParameters params) {
        this.params = params;
    }

    /**
     * The event's losses by metric name, for the metrics {@link Metric#compared} lists; it must be labelled. Null for
     * a ranked list whose label names no relevant item: it is in no mean, so it pairs with nothing.
     */
    public Map<String, Double> of(PredictionEvent event) {
        EventScorer.score(event, params, scratch);
        if (!scratch.labelled()) {
            return null;
        }
        List<Metric> metrics = Metric.compared(event.task);
        Map<String, Double> losses = new LinkedHashMap<>(2 * metrics.size());
        for (Metric m : metrics) {
            losses.put(m.jsonName(), ValueLimit.of(m.perEvent().of(scratch, params)));
        }
        return losses;
    }
}

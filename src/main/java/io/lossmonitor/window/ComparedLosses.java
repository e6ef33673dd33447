package io.lossmonitor.window;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import java.util.List;

/** The per-event values of the losses that comparisons report ({@link Metric#compared}), scored as windows do. */
public final class ComparedLosses {

    private final LossParameters params;
    private final ScoredEvent scratch = new ScoredEvent();

    public ComparedLosses(LossParameters params) {
        this.params = params;
    }

    /** The event's losses in the order of {@link Metric#compared(io.lossmonitor.event.Task)}; it must be labelled. */
    public double[] of(PredictionEvent event) {
        EventScorer.score(event, params, scratch);
        List<Metric> metrics = Metric.compared(event.task);
        double[] losses = new double[metrics.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = metrics.get(i).perEvent().of(scratch, params);
        }
        return losses;
    }
}

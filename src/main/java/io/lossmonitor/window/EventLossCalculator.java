package io.lossmonitor.window;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.loss.ClassificationLosses;
import io.lossmonitor.loss.EventLosses;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.RegressionLosses;

/** Routes one event to the loss formulas of its task and input form. */
final class EventLossCalculator {

    private EventLossCalculator() {}

    static void compute(PredictionEvent e, LossParameters params, EventLosses out) {
        switch (e.task) {
            case REGRESSION -> {
                RegressionLosses.signals(e.score, out);
                if (e.labelled) {
                    RegressionLosses.compute(e.label, e.score, params, out);
                }
            }
            case BINARY -> {
                if (e.logits) {
                    ClassificationLosses.binaryFromLogit(e.score, e.labelClass(), e.labelled, params, out);
                } else {
                    ClassificationLosses.binaryFromProbability(e.score, e.labelClass(), e.labelled, params, out);
                }
            }
            case MULTICLASS -> {
                if (e.logits) {
                    ClassificationLosses.multiclassFromLogits(e.scores, e.labelClass(), e.labelled, params, out);
                } else {
                    ClassificationLosses.multiclassFromProbabilities(e.scores, e.labelClass(), e.labelled, params,
                            out);
                }
            }
            default -> throw new IllegalStateException("unknown task " + e.task);
        }
    }
}

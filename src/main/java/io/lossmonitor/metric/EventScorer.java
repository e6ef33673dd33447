package io.lossmonitor.metric;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.loss.ClassifierScores;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.RankedListMetrics;
import io.lossmonitor.loss.ScoredEvent;

/** Scores one event by the form its prediction takes: the per-event quantities every metric formula starts from. */
public final class EventScorer {

    private EventScorer() {}

    public static void score(PredictionEvent e, LossParameters params, ScoredEvent out) {
        switch (e.task) {
            case REGRESSION -> out.regression(e.score, e.label, e.labelled);
            case BINARY -> {
                if (e.logits) {
                    ClassifierScores.fromLogit(e.score, e.labelClass(), e.labelled, out);
                } else {
                    ClassifierScores.fromProbability(e.score, e.labelClass(), e.labelled, params, out);
                }
            }
            case MULTICLASS -> {
                if (e.logits) {
                    ClassifierScores.fromLogits(e.scores, e.labelClass(), e.labelled, out);
                } else {
                    ClassifierScores.fromProbabilities(e.scores, e.labelClass(), e.labelled, params, out);
                }
            }
            case TRIPLET -> out.triplet(e.scores[0], e.scores[1]);
            case PAIR -> out.pair(e.score, e.label, e.labelled);
            case RANKING -> RankedListMetrics.score(e.items, e.relevantItems, e.gains, e.labelled, e.listLength,
                    params.ranking().k(), out);
            default -> throw new IllegalStateException("unknown task " + e.task);
        }
    }
}

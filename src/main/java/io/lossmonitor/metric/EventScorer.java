package io.lossmonitor.metric;

import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.ClassifierScores;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.EmbeddingVectors;
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

    /**
     * Reduces an embedding event's vectors to what its metrics read and drops them: a triplet's d(a, p) and d(a, n)
     * by {@code --triplet-distance}, a pair's cos(x1, x2). Other events, and triplets given by distances, are left
     * as they are.
     *
     * @throws InvalidEventException when a distance between finite vectors is beyond the largest double
     */
    public static void reduceVectors(PredictionEvent e, EmbeddingParameters params) throws InvalidEventException {
        if (e.vectors == null) {
            return;
        }
        double[][] v = e.vectors;
        if (e.task == Task.TRIPLET) {
            e.scores = new double[] {distance(params, v[0], v[1], "positive"), distance(params, v[0], v[2],
                    "negative")};
        } else if (e.task == Task.PAIR) {
            e.score = EmbeddingVectors.cosine(v[0], v[1]);
        }
        e.vectors = null;
    }

    private static double distance(EmbeddingParameters params, double[] anchor, double[] other, String field)
            throws InvalidEventException {
        double d = params.tripletDistance().between(anchor, other);
        if (!(d < Double.POSITIVE_INFINITY)) {
            throw InvalidEventException.invalid("the " + params.tripletDistance().optionName() + " distance of '"
                    + field + "' from 'anchor' is beyond the largest double: their components are too far apart");
        }
        return d;
    }
}

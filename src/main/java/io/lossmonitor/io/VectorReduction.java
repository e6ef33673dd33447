package io.lossmonitor.io;

import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.EmbeddingVectors;

/**
 * Reduces an embedding event's vectors, as the source reads it, to what its metrics read, and drops them: a triplet's
 * d(a, p) and d(a, n) by {@code --triplet-distance}, a pair's cos(x1, x2); so no vector travels past the source.
 */
public final class VectorReduction {

    private VectorReduction() {}

    /**
     * Other events, and triplets given by distances, are left as they are.
     *
     * @throws InvalidEventException when a distance between finite vectors is beyond the largest double
     */
    public static void reduce(PredictionEvent e, EmbeddingParameters params) throws InvalidEventException {
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

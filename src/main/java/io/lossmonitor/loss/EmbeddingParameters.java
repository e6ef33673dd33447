package io.lossmonitor.loss;

import java.io.Serializable;

/**
 * The tunable constants of the embedding tasks: the longest vector an event may have, and the metrics' distance,
 * margins and threshold.
 *
 * @param tripletDistance the distance of {@code triplet_loss} when a triplet gives vectors
 * @param tripletMargin m of {@code triplet_loss}, finite, &ge; 0
 * @param cosineMargin m of {@code cosine_embedding_loss}, in [−1, 1]
 * @param pairThreshold a pair is called similar when its cosine is at least this, in [−1, 1]
 * @param maxDimensions the longest vector an event may have, at least 1; longer ones are dead-lettered
 */
public record EmbeddingParameters(TripletDistance tripletDistance, double tripletMargin, double cosineMargin,
                                  double pairThreshold, int maxDimensions) implements Serializable {

    public static final int DEFAULT_MAX_DIMENSIONS = 4096;
    public static final EmbeddingParameters DEFAULTS = new EmbeddingParameters(TripletDistance.EUCLIDEAN, 1.0, 0.0,
            0.5, DEFAULT_MAX_DIMENSIONS);

    public EmbeddingParameters {
        if (tripletDistance == null) {
            throw new IllegalArgumentException("a triplet distance is needed");
        }
        if (!(tripletMargin >= 0) || Double.isInfinite(tripletMargin)) {
            throw new IllegalArgumentException("--triplet-margin must be a finite number >= 0, got " + tripletMargin);
        }
        if (!(cosineMargin >= -1 && cosineMargin <= 1)) {
            throw new IllegalArgumentException("--cosine-margin must be in [-1, 1], got " + cosineMargin);
        }
        if (!(pairThreshold >= -1 && pairThreshold <= 1)) {
            throw new IllegalArgumentException("--pair-threshold must be in [-1, 1], got " + pairThreshold);
        }
        if (maxDimensions < 1) {
            throw new IllegalArgumentException("--max-dimensions must be at least 1, got " + maxDimensions);
        }
    }
}

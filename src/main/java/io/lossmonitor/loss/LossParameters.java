package io.lossmonitor.loss;

import java.io.Serializable;

/**
 * The tunable constants of the metric definitions: Huber δ, focal γ and α, the probability clip ε, the most
 * classes a model may have for its per-class metrics to be kept, the embedding metrics' distance, margins and
 * threshold, and the ranking metrics' cut-off.
 *
 * @param huberDelta δ of the Huber loss, &gt; 0
 * @param focalGamma γ of the focal loss, &ge; 0
 * @param focalAlpha α of the binary focal loss in [0, 1]; a negative value disables the α weighting
 * @param epsilon probabilities are clipped to [ε, 1 − ε] before a log, 0 &lt; ε &lt; 0.5
 * @param perClassLimit models with more classes report no per-class metrics, &ge; 1
 * @param embedding the constants of the triplet and pair metrics
 * @param ranking the constants of the ranking metrics
 */
public record LossParameters(double huberDelta, double focalGamma, double focalAlpha, double epsilon,
                             int perClassLimit, EmbeddingParameters embedding, RankingParameters ranking)
        implements Serializable {

    public static final int DEFAULT_PER_CLASS_LIMIT = 100;
    public static final LossParameters DEFAULTS = new LossParameters(1.0, 2.0, 0.25, 1e-15);

    /** With the default per-class limit and embedding constants. */
    public LossParameters(double huberDelta, double focalGamma, double focalAlpha, double epsilon) {
        this(huberDelta, focalGamma, focalAlpha, epsilon, DEFAULT_PER_CLASS_LIMIT);
    }

    /** With the default embedding and ranking constants. */
    public LossParameters(double huberDelta, double focalGamma, double focalAlpha, double epsilon, int perClassLimit) {
        this(huberDelta, focalGamma, focalAlpha, epsilon, perClassLimit, EmbeddingParameters.DEFAULTS);
    }

    /** With the default ranking constants. */
    public LossParameters(double huberDelta, double focalGamma, double focalAlpha, double epsilon, int perClassLimit,
                          EmbeddingParameters embedding) {
        this(huberDelta, focalGamma, focalAlpha, epsilon, perClassLimit, embedding, RankingParameters.DEFAULTS);
    }

    public LossParameters {
        if (!(huberDelta > 0) || Double.isInfinite(huberDelta)) {
            throw new IllegalArgumentException("huber delta must be a finite number > 0, got " + huberDelta);
        }
        if (!(focalGamma >= 0) || Double.isInfinite(focalGamma)) {
            throw new IllegalArgumentException("focal gamma must be a finite number >= 0, got " + focalGamma);
        }
        if (Double.isNaN(focalAlpha) || focalAlpha > 1) {
            throw new IllegalArgumentException(
                    "focal alpha must be in [0, 1], or negative to disable it, got " + focalAlpha);
        }
        if (!(epsilon > 0 && epsilon < 0.5)) {
            throw new IllegalArgumentException("epsilon must be in (0, 0.5), got " + epsilon);
        }
        if (perClassLimit < 1) {
            throw new IllegalArgumentException("--per-class-limit must be at least 1, got " + perClassLimit);
        }
        if (embedding == null) {
            throw new IllegalArgumentException("embedding parameters are needed");
        }
        if (ranking == null) {
            throw new IllegalArgumentException("ranking parameters are needed");
        }
    }

    /** α_t of the binary focal loss for a label: α for class 1, 1 − α for class 0, 1 when α is disabled. */
    public double focalAlphaFor(int label) {
        if (focalAlpha < 0) {
            return 1.0;
        }
        return label == 1 ? focalAlpha : 1.0 - focalAlpha;
    }
}

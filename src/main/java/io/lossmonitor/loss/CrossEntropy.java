package io.lossmonitor.loss;

/** Cross-entropy of one event in nats, −ln p_true, with p_true clipped to [ε, 1 − ε] (scikit-learn {@code log_loss}). */
public final class CrossEntropy {

    private CrossEntropy() {}

    /** −ln(clip(p, ε, 1 − ε)). */
    public static double ofProbability(double pTrue, double epsilon) {
        return -Math.log(clip(pTrue, epsilon));
    }

    /** Whether clipping raised p_true, so that the loss is capped at −ln ε rather than exact. */
    public static boolean isClipped(double pTrue, double epsilon) {
        return pTrue < epsilon;
    }

    static double clip(double p, double epsilon) {
        return Math.min(Math.max(p, epsilon), 1.0 - epsilon);
    }
}

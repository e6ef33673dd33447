package io.lossmonitor.loss;

/** The Brier score of one event, Σ_c (p_c − y_c)² over one-hot y (binary: (p − y)²). */
public final class BrierScore {

    private BrierScore() {}

    public static double binary(double p, int label) {
        double d = p - label;
        return d * d;
    }

    public static double multiclass(double[] probabilities, int label) {
        double sum = 0.0;
        for (int c = 0; c < probabilities.length; c++) {
            double d = probabilities[c] - (c == label ? 1.0 : 0.0);
            sum += d * d;
        }
        return sum;
    }
}

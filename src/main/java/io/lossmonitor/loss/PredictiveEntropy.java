package io.lossmonitor.loss;

/** Shannon entropy of a predicted distribution in nats, −Σ p ln p with 0 ln 0 = 0: a label-free uncertainty signal. */
public final class PredictiveEntropy {

    private PredictiveEntropy() {}

    public static double binary(double p) {
        return term(p) + term(1.0 - p);
    }

    public static double of(double[] probabilities) {
        double sum = 0.0;
        for (double p : probabilities) {
            sum += term(p);
        }
        return sum;
    }

    private static double term(double p) {
        return p > 0.0 ? -p * Math.log(p) : 0.0;
    }
}

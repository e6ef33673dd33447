package io.lossmonitor.loss;

/** Logarithms of sigmoid and softmax computed without overflow or loss of precision for large logits. */
public final class LogSpace {

    private LogSpace() {}

    /** ln(1 + e^x), exact for large |x| where the naive form overflows or rounds to 0. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** ln σ(z) = −softplus(−z). */
    public static double logSigmoid(double z) {
        return -softplus(-z);
    }

    /** ln Σ e^{z_i}, shifted by the maximum so that no term overflows. */
    public static double logSumExp(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0.0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}

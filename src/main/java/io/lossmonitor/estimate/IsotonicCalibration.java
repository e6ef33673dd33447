package io.lossmonitor.estimate;

import java.util.Arrays;

/**
 * A calibration map learned by weighted isotonic regression (pool-adjacent-violators) of a target in [0, 1] on a
 * score: non-decreasing, linear between the fitted points, clipped outside them (scikit-learn
 * {@code IsotonicRegression(out_of_bounds="clip")}). Scores of ±∞ are points beyond every finite one; between them
 * and the nearest finite point the map is flat.
 */
public final class IsotonicCalibration {

    private final double[] x;
    private final double[] fitted;

    private IsotonicCalibration(double[] x, double[] fitted) {
        this.x = x;
        this.fitted = fitted;
    }

    /**
     * Fits points given in ascending order of distinct scores, each with its mean target and weight (positive).
     *
     * @throws IllegalArgumentException without points, or with scores not ascending
     */
    public static IsotonicCalibration fit(double[] scores, double[] targets, double[] weights) {
        int n = scores.length;
        if (n == 0) {
            throw new IllegalArgumentException("a calibration map needs at least one point");
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = finite(scores[i]);
            if (i > 0 && !(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("scores must ascend: " + scores[i - 1] + ", " + scores[i]);
            }
        }
        // Blocks of pooled points: their weighted mean, weight and first point; a new point pools backwards while
        // it is below the block before it.
        double[] mean = new double[n];
        double[] weight = new double[n];
        int[] first = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            mean[blocks] = targets[i];
            weight[blocks] = weights[i];
            first[blocks] = i;
            blocks++;
            while (blocks > 1 && mean[blocks - 2] >= mean[blocks - 1]) {
                double w = weight[blocks - 2] + weight[blocks - 1];
                mean[blocks - 2] = (mean[blocks - 2] * weight[blocks - 2] + mean[blocks - 1] * weight[blocks - 1]) / w;
                weight[blocks - 2] = w;
                blocks--;
            }
        }
        double[] fitted = new double[n];
        for (int b = 0; b < blocks; b++) {
            int end = b + 1 < blocks ? first[b + 1] : n;
            Arrays.fill(fitted, first[b], end, mean[b]);
        }
        return new IsotonicCalibration(x, fitted);
    }

    /** The calibrated value at a score. */
    public double at(double score) {
        double s = finite(score);
        if (s <= x[0]) {
            return fitted[0];
        }
        int last = x.length - 1;
        if (s >= x[last]) {
            return fitted[last];
        }
        int i = Arrays.binarySearch(x, s);
        if (i >= 0) {
            return fitted[i];
        }
        int above = -i - 1;
        int below = above - 1;
        if (Math.abs(x[below]) == Double.MAX_VALUE || Math.abs(x[above]) == Double.MAX_VALUE) {
            return Math.abs(x[below]) == Double.MAX_VALUE ? fitted[above] : fitted[below];
        }
        double t = (s - x[below]) / (x[above] - x[below]);
        return fitted[below] + t * (fitted[above] - fitted[below]);
    }

    /** The fitted value of each point, in the order given. */
    double[] fitted() {
        return fitted.clone();
    }

    /** ±∞ as the largest finite doubles, so that they sort and compare beyond every finite score. */
    private static double finite(double score) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, score));
    }
}

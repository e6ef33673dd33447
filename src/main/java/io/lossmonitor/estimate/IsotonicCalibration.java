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
     * Fits points given in ascending order of score, each with its mean target and weight. Total on whatever it is
     * given: points of equal score (after ±∞ are taken as the largest finite doubles) are pooled into one, points
     * whose score, target or weight is not a number, or whose weight is not positive and finite, are left out, and
     * points out of order are put in order.
     *
     * @return the map, or null when no point is left to fit
     */
    public static IsotonicCalibration fit(double[] scores, double[] targets, double[] weights) {
        Points points = Points.of(scores, targets, weights);
        int n = points.size;
        if (n == 0) {
            return null;
        }
        double[] x = points.scores;
        targets = points.targets;
        weights = points.weights;
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
                // The weighted mean of the two blocks, by the share of the second, which large weights cannot
                // overflow.
                mean[blocks - 2] += shareOfSecond(weight[blocks - 2], weight[blocks - 1])
                        * (mean[blocks - 1] - mean[blocks - 2]);
                weight[blocks - 2] = Math.min(Double.MAX_VALUE, weight[blocks - 2] + weight[blocks - 1]);
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

    /** The fitted value of each point, in ascending order of score, points of one score pooled. */
    double[] fitted() {
        return fitted.clone();
    }

    /** The points a fit can use: valid ones, in ascending order of score, those of one score pooled. */
    private record Points(double[] scores, double[] targets, double[] weights, int size) {

        static Points of(double[] scores, double[] targets, double[] weights) {
            Integer[] order = new Integer[scores.length];
            int valid = 0;
            for (int i = 0; i < scores.length; i++) {
                if (!Double.isNaN(scores[i]) && Double.isFinite(targets[i]) && weights[i] > 0
                        && Double.isFinite(weights[i])) {
                    order[valid++] = i;
                }
            }
            Arrays.sort(order, 0, valid, (a, b) -> Double.compare(finite(scores[a]), finite(scores[b])));
            double[] x = new double[valid];
            double[] y = new double[valid];
            double[] w = new double[valid];
            int n = 0;
            for (int k = 0; k < valid; k++) {
                int i = order[k];
                double score = finite(scores[i]);
                if (n > 0 && x[n - 1] == score) {
                    y[n - 1] += shareOfSecond(w[n - 1], weights[i]) * (targets[i] - y[n - 1]);
                    w[n - 1] = Math.min(Double.MAX_VALUE, w[n - 1] + weights[i]);
                } else {
                    x[n] = score;
                    y[n] = targets[i];
                    w[n] = weights[i];
                    n++;
                }
            }
            return new Points(Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(w, n), n);
        }
    }

    /** The second weight's share of two positive weights, b / (a + b), without overflowing their sum. */
    private static double shareOfSecond(double a, double b) {
        return 1 / (1 + a / b);
    }

    /** ±∞ as the largest finite doubles, so that they sort and compare beyond every finite score. */
    private static double finite(double score) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, score));
    }
}

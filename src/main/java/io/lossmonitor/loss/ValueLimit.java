package io.lossmonitor.loss;

/**
 * The largest magnitude a per-event value (a loss, a signal) enters a window or a comparison with: a value beyond
 * ±{@link #LIMIT}, or not finite (an overflow, such as the squared error of predictions near ±1.7e308), counts as
 * ±{@link #LIMIT} (NaN as +{@link #LIMIT}), so that one extreme event cannot turn its window's mean into an
 * overflow, and sums of squares of deviations stay finite. Likewise the weight an event counts with in the window's
 * summaries other than its means (quantiles, ROC AUC, calibration bins, per-class tables, score cells), which sum
 * weights in 32-bit floats or square them: within [{@link #LEAST_SUMMARY_WEIGHT}, {@link #LARGEST_SUMMARY_WEIGHT}].
 */
public final class ValueLimit {

    public static final double LIMIT = 1e100;
    public static final double LEAST_SUMMARY_WEIGHT = 1e-30;
    public static final double LARGEST_SUMMARY_WEIGHT = 1e30;

    private ValueLimit() {}

    /** Whether {@code x} is held at the limit. */
    public static boolean exceeded(double x) {
        return !(Math.abs(x) <= LIMIT);
    }

    /** {@code x}, or ±{@link #LIMIT} when it is beyond it or not finite. */
    public static double of(double x) {
        return Math.abs(x) <= LIMIT ? x : x < 0 ? -LIMIT : LIMIT;
    }

    /** The weight an event counts with in the summaries other than the means. */
    public static double summaryWeight(double weight) {
        return Math.max(LEAST_SUMMARY_WEIGHT, Math.min(LARGEST_SUMMARY_WEIGHT, weight));
    }
}

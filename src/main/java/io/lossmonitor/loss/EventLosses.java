package io.lossmonitor.loss;

/**
 * The per-event values of one task's metrics, filled by {@link ClassificationLosses} or {@link RegressionLosses}.
 *
 * <p>One instance is reused for every event of an operator, so computing losses allocates nothing.
 */
public final class EventLosses {

    /** Number of labelled metrics per task, and so the length of {@link #losses}. */
    public static final int LOSS_SLOTS = 4;
    /** Number of label-free signals per task, and so the length of {@link #signals}. */
    public static final int SIGNAL_SLOTS = 2;

    /** Labelled metrics, in the order of the task's slot constants; undefined for an unlabelled event. */
    public final double[] losses = new double[LOSS_SLOTS];
    /** Label-free signals, in the order of the task's slot constants. */
    public final double[] signals = new double[SIGNAL_SLOTS];
    /** Whether the true-class probability was below ε, so that the log-loss terms are capped. */
    public boolean clipped;

    private double[] scratch = new double[16];

    /** A reusable array of at least {@code n} doubles for intermediate distributions. */
    double[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new double[Math.max(n, 2 * scratch.length)];
        }
        return scratch;
    }
}

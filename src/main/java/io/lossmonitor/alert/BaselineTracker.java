package io.lossmonitor.alert;

/**
 * The default rule's state for one metric of one key (a Flink POJO, O(1) in the number of windows): an
 * exponentially weighted mean and variance of the key's own past window values, and the alert's hysteresis.
 *
 * <p>A window fires when its move over the baseline in the metric's worse direction (up for a loss, down for a
 * metric where higher is better) is both significant (z = move / √(se² + baseline variance) above the threshold)
 * and material (move relative to the baseline above the minimum). Firing windows are kept out of the baseline, so a
 * persisting problem does not become the new normal.
 */
public class BaselineTracker {

    /** Weight of a new window in the baseline once warmed up: about the last ten windows count. */
    static final double SMOOTHING = 0.2;

    public int windows;
    public double mean;
    public double variance;
    public Hysteresis alert = new Hysteresis();

    /** The numbers of the last evaluation, for the alert message; not state. */
    transient double lastZ;
    /** The last window's move in the worse direction, relative to the baseline. */
    transient double lastWorsening;
    transient double lastSigma;
    transient double lastBaseline;
    transient double lastThreshold;

    public BaselineTracker() {}

    /** @param higherIsBetter whether the metric worsens downwards, as a ranker's NDCG does */
    Transition observe(double value, double standardError, boolean higherIsBetter, AlertSettings settings) {
        boolean breach = false;
        lastBaseline = mean;
        lastSigma = Math.sqrt(variance);
        if (windows >= settings.warmupWindows()) {
            double se = Double.isNaN(standardError) ? 0.0 : standardError;
            double sigma = Math.sqrt(se * se + variance);
            double worsening = higherIsBetter ? mean - value : value - mean;
            lastZ = sigma > 0 ? worsening / sigma : (worsening > 0 ? Double.POSITIVE_INFINITY : 0.0);
            lastWorsening = mean > 0 ? worsening / mean : (worsening > 0 ? Double.POSITIVE_INFINITY : 0.0);
            double margin = Math.max(mean * settings.minRelativeRise(), settings.zThreshold() * sigma);
            lastThreshold = higherIsBetter ? mean - margin : mean + margin;
            breach = lastZ > settings.zThreshold() && lastWorsening > settings.minRelativeRise();
        }
        if (!breach) {
            learn(value);
        }
        return alert.observe(breach, settings.resolveAfter());
    }

    /** Folds a window into the baseline: a plain running mean at first, exponential smoothing later. */
    private void learn(double value) {
        double weight = Math.max(1.0 / (windows + 1), SMOOTHING);
        double delta = value - mean;
        mean += weight * delta;
        variance = (1 - weight) * (variance + weight * delta * delta);
        windows++;
    }
}

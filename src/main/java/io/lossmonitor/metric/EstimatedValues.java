package io.lossmonitor.metric;

/**
 * A window's estimated metrics, made from its predictions and a calibration map its key learned before the window
 * (not from the window's own state); NaN for those not estimated.
 */
public interface EstimatedValues {

    /** No estimate: every value NaN. */
    EstimatedValues NONE = new EstimatedValues() {
        @Override
        public double value(Metric metric) {
            return Double.NaN;
        }

        @Override
        public double standardError(Metric metric) {
            return Double.NaN;
        }
    };

    double value(Metric metric);

    double standardError(Metric metric);
}

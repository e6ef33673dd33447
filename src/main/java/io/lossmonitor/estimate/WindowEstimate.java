package io.lossmonitor.estimate;

import java.util.Map;

/**
 * What a window that may fire again keeps, in state, of its estimation by the {@link WindowEstimator} (a Flink POJO):
 * the estimated values of its on-time firing by metric name, which its late revisions carry unchanged, and the
 * labelled outcomes it has added to the reference, so that a revision adds only what is new.
 */
public class WindowEstimate {

    public Map<String, Double> values;
    public Map<String, Double> standardErrors;
    public ReferenceOutcomes added;

    public WindowEstimate() {}

    WindowEstimate(PerformanceEstimate estimate, ReferenceOutcomes added) {
        this.values = estimate.valuesByName();
        this.standardErrors = estimate.standardErrorsByName();
        this.added = added;
    }
}

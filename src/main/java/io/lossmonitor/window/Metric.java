package io.lossmonitor.window;

import java.util.Locale;

/** Every number an aggregate reports per window, with its name in the output record. */
public enum Metric {
    ERROR_RATE(true),
    ACCURACY(true),
    CROSS_ENTROPY(true),
    FOCAL_LOSS(true),
    BRIER(true),
    MSE(true),
    RMSE(false),
    MAE(true),
    HUBER(true),
    MEAN_ERROR(true),
    /** Label-free: mean predictive entropy (classifiers). */
    ENTROPY(false),
    /** Label-free: mean top-class probability (classifiers). */
    CONFIDENCE(false),
    /** Label-free: mean prediction (regressors). */
    PREDICTION_MEAN(false),
    /** Label-free: standard deviation of the predictions (regressors). */
    PREDICTION_STD(false),
    /** Labelled events / predictions. */
    LABEL_COVERAGE(false);

    private final String jsonName = name().toLowerCase(Locale.ROOT);
    private final boolean hasStandardError;

    Metric(boolean hasStandardError) {
        this.hasStandardError = hasStandardError;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether the aggregate's {@code stderr} object reports this metric (a mean of per-event losses). */
    public boolean hasStandardError() {
        return hasStandardError;
    }

    /** The metric named as in the output record, e.g. {@code cross_entropy}. */
    public static Metric byJsonName(String name) {
        for (Metric m : values()) {
            if (m.jsonName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'");
    }
}

package io.lossmonitor.aggregate;

import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import java.util.Arrays;

/**
 * The losses of one (model, version, segment) over one window firing, as a Flink POJO; metrics that do not
 * apply, or cannot be computed from the window's events, are NaN (written as JSON null).
 */
public class LossAggregate {

    public String model;
    public String version;
    public String segment;
    public Task task;
    public long windowStart;
    public long windowEnd;
    /** 0 for the on-time firing, then 1, 2, … for each late update of the same window. */
    public int revision;
    /** Labelled events, which the losses are computed over. */
    public long count;
    public double weightSum;
    /** All predictions of the window, labelled or not. */
    public long predictions;
    /** Events whose true-class probability was below ε. */
    public long clipped;
    /** Predictions whose label never arrived within the label TTL. */
    public long expired;
    /**
     * The reliability diagram of a classifier's window: per confidence bin its count, weight, mean confidence and
     * accuracy (NaN for an empty bin); null for a regressor, or when unknown.
     */
    public double[] reliability;
    /** A multi-class window's classes, in the order first seen; null otherwise, or above the per-class limit. */
    public String[] perClassNames;
    /** Per class of {@link #perClassNames}: support, precision, recall, F1 and cross-entropy (NaN where undefined). */
    public double[] perClassValues;
    /** Indexed by {@link Metric#ordinal()}. */
    public double[] values;
    /** Indexed by {@link Metric#ordinal()}. */
    public double[] standardErrors;

    public LossAggregate() {}

    public double value(Metric metric) {
        return values[metric.ordinal()];
    }

    /** The events a metric of this window is computed over: all predictions, or the labelled events. */
    public long eventsOf(Metric metric) {
        return metric.over() == Metric.Over.LABELLED_EVENTS || metric.over() == Metric.Over.JOINED_OUTCOMES
                ? count : predictions;
    }

    public double standardError(Metric metric) {
        return standardErrors[metric.ordinal()];
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LossAggregate{").append(model).append('/').append(version).append('/')
                .append(segment).append(' ').append(task).append(" [").append(windowStart).append(',')
                .append(windowEnd).append(") rev ").append(revision).append(" count ").append(count);
        for (Metric m : Metric.values()) {
            if (!Double.isNaN(value(m))) {
                s.append(' ').append(m.jsonName()).append('=').append(value(m));
            }
        }
        return s.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LossAggregate a)) {
            return false;
        }
        return toString().equals(a.toString()) && Arrays.equals(standardErrors, a.standardErrors)
                && weightSum == a.weightSum && predictions == a.predictions && clipped == a.clipped
                && expired == a.expired;
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}

package io.lossmonitor.estimate;

import java.io.Serializable;
import java.time.Duration;

/**
 * How estimated performance is learned: the event time a key's reference reaches back ({@code
 * --estimation-reference}) and the labelled weight it needs before any estimate ({@code --estimation-min-labels}).
 */
public record EstimationSettings(Duration reference, long minLabels) implements Serializable {

    /** The last 7 days of event time, and 500 labelled events. */
    public static final EstimationSettings DEFAULT = new EstimationSettings(Duration.ofDays(7), 500);

    /** At most this many buckets of windows make a reference, so that it is updated without reading it whole. */
    static final long MAX_BUCKETS = 168;

    public EstimationSettings {
        if (reference == null || reference.isNegative() || reference.isZero()) {
            throw new IllegalArgumentException("--estimation-reference must be a positive duration, got " + reference);
        }
        if (minLabels < 1) {
            throw new IllegalArgumentException("--estimation-min-labels must be at least 1, got " + minLabels);
        }
    }

    /** Checks the reference against the window size: it must hold at least the window before the current one. */
    public void requireLongerThan(Duration window) {
        if (reference.compareTo(window.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("--estimation-reference " + reference.toMillis() + "ms must be at least "
                    + "two windows (" + window.multipliedBy(2).toMillis() + "ms): it reaches back from a window's end "
                    + "to before its start");
        }
    }

    /** The span of a bucket of windows: whole windows, as few as keep the buckets within {@link #MAX_BUCKETS}. */
    long bucketMillis(long windowMillis) {
        long windows = reference.toMillis() / windowMillis;
        return windowMillis * Math.max(1, (windows + MAX_BUCKETS - 1) / MAX_BUCKETS);
    }
}

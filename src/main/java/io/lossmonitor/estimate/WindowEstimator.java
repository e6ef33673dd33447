package io.lossmonitor.estimate;

import io.lossmonitor.event.Task;
import io.lossmonitor.metric.EstimatedValues;
import io.lossmonitor.sketch.ScoreCells;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A classifier window's estimated performance at each firing, and its labelled outcomes into its key's reference:
 * the estimates of the on-time firing come from the reference of the windows before it, [end − R, start), and a late
 * revision carries them unchanged; every firing adds what is new of its outcomes. The reference ends with the key's
 * state TTL. Estimates are made for tumbling windows, whose outcomes each count once.
 */
public final class WindowEstimator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The key's reference in total. */
    static final String REFERENCE = "estimation-reference";
    /** The reference's buckets of windows, by start. */
    static final String BUCKETS = "estimation-reference-buckets";
    /** A window's on-time estimates and the outcomes it added. */
    static final String WINDOW = "window-estimate";

    private final EstimationSettings settings;
    private final long windowMillis;
    private final boolean tumbling;
    private final boolean firesLate;
    private final double epsilon;
    private final Duration keyTtl;

    private transient ValueStateDescriptor<CalibrationReference> referenceDescriptor;
    private transient MapStateDescriptor<Long, ReferenceOutcomes> bucketsDescriptor;
    private transient ValueStateDescriptor<WindowEstimate> windowDescriptor;

    /**
     * @param tumbling whether windows tumble; sliding windows get no estimates
     * @param firesLate whether a window can fire again (the allowed lateness is positive)
     * @param epsilon the clipping of probabilities, as for {@code cross_entropy}
     * @param keyTtl how long a key's reference outlives its last window
     */
    public WindowEstimator(EstimationSettings settings, Duration window, boolean tumbling, boolean firesLate,
                            double epsilon, Duration keyTtl) {
        this.settings = settings;
        this.windowMillis = window.toMillis();
        this.tumbling = tumbling;
        this.firesLate = firesLate;
        this.epsilon = epsilon;
        this.keyTtl = keyTtl;
    }

    /**
     * The estimates of one firing of the window [start, end) of a key of {@code task}, whose predictions and
     * outcomes are {@code cells} (null when the window's state does not know them); {@link EstimatedValues#NONE} for a
     * regressor or a sliding window.
     */
    public EstimatedValues fire(Task task, long start, long end, ScoreCells cells, KeyedStateStore keyState,
                          KeyedStateStore windowState) throws Exception {
        if (!task.isClassification() || !tumbling || cells == null) {
            return EstimatedValues.NONE;
        }
        describe();
        ValueState<CalibrationReference> referenceState = keyState.getState(referenceDescriptor);
        MapState<Long, ReferenceOutcomes> bucketState = keyState.getMapState(bucketsDescriptor);
        CalibrationReference.Buckets buckets = new CalibrationReference.Buckets() {
            @Override
            public ReferenceOutcomes get(long bucketStart) throws Exception {
                return bucketState.get(bucketStart);
            }

            @Override
            public void put(long bucketStart, ReferenceOutcomes outcomes) throws Exception {
                bucketState.put(bucketStart, outcomes);
            }

            @Override
            public void remove(long bucketStart) throws Exception {
                bucketState.remove(bucketStart);
            }
        };
        CalibrationReference reference = referenceState.value();
        if (reference == null) {
            reference = new CalibrationReference();
        }
        ValueState<WindowEstimate> kept = firesLate ? windowState.getState(windowDescriptor) : null;
        WindowEstimate earlier = kept == null ? null : kept.value();

        PerformanceEstimate estimate;
        ReferenceOutcomes outcomes = ReferenceOutcomes.of(cells);
        ReferenceOutcomes added = outcomes;
        if (earlier == null) {
            reference.keepFrom(end - settings.reference().toMillis(), buckets);
            estimate = PerformanceEstimate.estimate(task, cells, reference.total, settings.minLabels(), epsilon);
        } else {
            estimate = PerformanceEstimate.of(earlier.values, earlier.standardErrors);
            added = outcomes.plus(earlier.added, -1);
        }
        long bucketMillis = settings.bucketMillis(windowMillis);
        reference.add(Math.floorDiv(start, bucketMillis) * bucketMillis, added, 1, buckets);
        referenceState.update(reference);
        if (kept != null) {
            kept.update(new WindowEstimate(estimate, outcomes));
        }
        return estimate;
    }

    /** Clears what the window kept, when it is purged. */
    public void clear(KeyedStateStore windowState) {
        if (firesLate && tumbling) {
            describe();
            windowState.getState(windowDescriptor).clear();
        }
    }

    private void describe() {
        if (referenceDescriptor != null) {
            return;
        }
        referenceDescriptor = new ValueStateDescriptor<>(REFERENCE, TypeInformation.of(CalibrationReference.class));
        referenceDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(keyTtl).build());
        bucketsDescriptor = new MapStateDescriptor<>(BUCKETS, Types.LONG,
                TypeInformation.of(ReferenceOutcomes.class));
        // A bucket outlives its key's total for as long as it can stay in the reference, so that it is still
        // there to be taken out of the total when it leaves.
        bucketsDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(
                keyTtl.plus(settings.reference()).plusMillis(settings.bucketMillis(windowMillis))).build());
        windowDescriptor = new ValueStateDescriptor<>(WINDOW, TypeInformation.of(WindowEstimate.class));
    }
}

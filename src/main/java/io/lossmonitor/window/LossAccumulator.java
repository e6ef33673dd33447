package io.lossmonitor.window;

import static io.lossmonitor.loss.ClassificationLosses.BRIER;
import static io.lossmonitor.loss.ClassificationLosses.CONFIDENCE;
import static io.lossmonitor.loss.ClassificationLosses.CROSS_ENTROPY;
import static io.lossmonitor.loss.ClassificationLosses.ENTROPY;
import static io.lossmonitor.loss.ClassificationLosses.ERROR;
import static io.lossmonitor.loss.ClassificationLosses.FOCAL_LOSS;
import static io.lossmonitor.loss.RegressionLosses.ABSOLUTE_ERROR;
import static io.lossmonitor.loss.RegressionLosses.HUBER;
import static io.lossmonitor.loss.RegressionLosses.PREDICTION;
import static io.lossmonitor.loss.RegressionLosses.RESIDUAL;
import static io.lossmonitor.loss.RegressionLosses.SQUARED_ERROR;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.EventLosses;
import io.lossmonitor.loss.LossParameters;
import java.util.Arrays;

/**
 * The state of one key's window: weighted moments of the per-event losses (labelled events) and of the
 * label-free signals (all predictions). O(1) in the number of events; merging is order-independent.
 */
public class LossAccumulator {

    private static final WeightedMoments LOSSES = new WeightedMoments(0, EventLosses.LOSS_SLOTS);
    private static final WeightedMoments SIGNALS = new WeightedMoments(LOSSES.end(), EventLosses.SIGNAL_SLOTS);

    public Task task;
    /**
     * The moments of the losses, then those of the signals, in one array: a window's or a pane's state is two
     * objects, which keeps the combiner's lookups and the (de)serialization of partials cheap.
     */
    public double[] moments;
    public long clipped;
    /** Predictions whose label did not arrive within the label TTL, expiring in this window. */
    public long expired;
    /** Label delays of the joined outcomes, a serialized KLL quantile sketch; null until the first one. */
    public byte[] labelDelays;

    public LossAccumulator() {}

    public static LossAccumulator empty() {
        LossAccumulator acc = new LossAccumulator();
        acc.moments = new double[SIGNALS.end()];
        return acc;
    }

    /**
     * A plain accumulator with this one's state, arrays shared, for a subclass to hand on: the wire knows only this
     * type.
     */
    LossAccumulator plainCopy() {
        LossAccumulator copy = new LossAccumulator();
        copy.task = task;
        copy.moments = moments;
        copy.clipped = clipped;
        copy.expired = expired;
        copy.labelDelays = labelDelays;
        return copy;
    }

    /** Labelled events added so far. */
    public long labelledEvents() {
        return LOSSES.count(moments);
    }

    /** Adds one event, using {@code scratch} for its per-event values. */
    public void add(PredictionEvent event, LossParameters params, EventLosses scratch) {
        task = event.task;
        if (event.expired) {
            expired++;
            return;
        }
        EventLossCalculator.compute(event, params, scratch);
        if (event.countsAsPrediction) {
            SIGNALS.add(moments, event.weight, scratch.signals);
        }
        if (event.labelled) {
            LOSSES.add(moments, event.weight, scratch.losses);
            if (scratch.clipped) {
                clipped++;
            }
            if (event.labelDelayMs >= 0) {
                labelDelays = LabelDelays.add(labelDelays, event.labelDelayMs);
            }
        }
    }

    public LossAccumulator merge(LossAccumulator other) {
        if (task == null) {
            task = other.task;
        }
        LOSSES.merge(moments, other.moments);
        SIGNALS.merge(moments, other.moments);
        clipped += other.clipped;
        expired += other.expired;
        labelDelays = LabelDelays.merge(labelDelays, other.labelDelays);
        return this;
    }

    /** The aggregate record of this accumulator for one key and window firing. */
    public LossAggregate summarize(ModelKey key, long windowStart, long windowEnd, int revision) {
        LossAggregate out = new LossAggregate();
        out.model = key.model;
        out.version = key.version;
        out.segment = key.segment;
        out.task = key.task;
        out.windowStart = windowStart;
        out.windowEnd = windowEnd;
        out.revision = revision;
        out.count = LOSSES.count(moments);
        out.weightSum = LOSSES.weightSum(moments);
        out.predictions = SIGNALS.count(moments);
        out.clipped = clipped;
        out.expired = expired;
        out.labelDelayMedianMs = LabelDelays.median(labelDelays);
        out.values = new double[Metric.values().length];
        out.standardErrors = new double[Metric.values().length];
        Arrays.fill(out.values, Double.NaN);
        Arrays.fill(out.standardErrors, Double.NaN);
        if (key.task.isClassification()) {
            report(out, Metric.ERROR_RATE, ERROR);
            out.values[Metric.ACCURACY.ordinal()] = 1.0 - LOSSES.mean(moments, ERROR);
            out.standardErrors[Metric.ACCURACY.ordinal()] = LOSSES.standardError(moments, ERROR);
            report(out, Metric.CROSS_ENTROPY, CROSS_ENTROPY);
            report(out, Metric.FOCAL_LOSS, FOCAL_LOSS);
            report(out, Metric.BRIER, BRIER);
            out.values[Metric.ENTROPY.ordinal()] = SIGNALS.mean(moments, ENTROPY);
            out.values[Metric.CONFIDENCE.ordinal()] = SIGNALS.mean(moments, CONFIDENCE);
        } else {
            report(out, Metric.MSE, SQUARED_ERROR);
            out.values[Metric.RMSE.ordinal()] = Math.sqrt(LOSSES.mean(moments, SQUARED_ERROR));
            report(out, Metric.MAE, ABSOLUTE_ERROR);
            report(out, Metric.HUBER, HUBER);
            report(out, Metric.MEAN_ERROR, RESIDUAL);
            out.values[Metric.PREDICTION_MEAN.ordinal()] = SIGNALS.mean(moments, PREDICTION);
            out.values[Metric.PREDICTION_STD.ordinal()] = SIGNALS.standardDeviation(moments, PREDICTION);
        }
        if (out.predictions > 0) {
            out.values[Metric.LABEL_COVERAGE.ordinal()] = (double) out.count / out.predictions;
        }
        return out;
    }

    private void report(LossAggregate out, Metric metric, int slot) {
        out.values[metric.ordinal()] = LOSSES.mean(moments, slot);
        out.standardErrors[metric.ordinal()] = LOSSES.standardError(moments, slot);
    }
}

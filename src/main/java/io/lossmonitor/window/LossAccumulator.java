package io.lossmonitor.window;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The state of one key's window: the weighted moments of each per-event quantity the catalogue's metrics need, over
 * the labelled events or over all predictions, laid out by the quantity's name ({@link MomentLayout}); O(1) in the number
 * of events, and merging is order-independent. Its serializer records that layout, so state written by one release
 * is read by a later one.
 */
@TypeInfo(LossAccumulatorTypeInfo.Factory.class)
public class LossAccumulator implements Summary.Window {

    Task task;
    /**
     * The moments of the per-event values in {@link MomentLayout#of(Task)} of {@link #task}, in one array: a window's
     * or a pane's state is two objects, which keeps the combiner's lookups and the (de)serialization cheap. Null
     * until the first event.
     */
    double[] values;
    long clipped;
    /** Predictions whose label did not arrive within the label TTL, expiring in this window. */
    long expired;
    /** Label delays of the joined outcomes, a serialized KLL quantile sketch; null until the first one. */
    byte[] labelDelays;
    /** The distribution of the labelled events' losses ({@link Part#LOSS_QUANTILES}); null until the first one. */
    QuantileSketch lossQuantiles;
    /** A classifier's labelled events by top-label confidence ({@link Part#CALIBRATION}); null until the first. */
    CalibrationBins calibration;
    /** A binary classifier's labelled events by score ({@link Part#SCORES}); null until the first. */
    ScoreHistogram scores;
    /** A multi-class classifier's labelled events per class ({@link Part#CLASSES}); null until the first. */
    ClassTable classes;
    /**
     * The {@link Part}s (as bits) that were not kept for some of this window's events, because it was restored from a
     * release that did not keep them: their metrics are unknown for the window.
     */
    int unknownParts;
    /**
     * The moments as release 0.1 laid them out ({@link MomentLayout#release01}): set only on an accumulator restored
     * from a 0.1 savepoint, whose serializer fills the fields by name, and moved into {@link #values} on first use.
     */
    double[] moments;

    public LossAccumulator() {}

    public static LossAccumulator empty() {
        return new LossAccumulator();
    }

    LossAccumulator(Task task, double[] values, long clipped, long expired, byte[] labelDelays) {
        this.task = task;
        this.values = values;
        this.clipped = clipped;
        this.expired = expired;
        this.labelDelays = labelDelays;
    }

    /**
     * A plain accumulator with this one's state, arrays and parts shared, for a subclass to hand on: the wire knows
     * only this type.
     */
    LossAccumulator plainCopy() {
        LossAccumulator copy = new LossAccumulator(task, values, clipped, expired, labelDelays);
        copy.lossQuantiles = lossQuantiles;
        copy.calibration = calibration;
        copy.scores = scores;
        copy.classes = classes;
        copy.unknownParts = unknownParts;
        return copy;
    }

    /** A copy that shares nothing with this one. */
    LossAccumulator deepCopy() {
        LossAccumulator copy = new LossAccumulator(task, values == null ? null : values.clone(), clipped, expired,
                labelDelays == null ? null : labelDelays.clone());
        copy.lossQuantiles = copyOf(lossQuantiles);
        copy.calibration = copyOf(calibration);
        copy.scores = copyOf(scores);
        copy.classes = copyOf(classes);
        copy.unknownParts = unknownParts;
        copy.moments = moments == null ? null : moments.clone();
        return copy;
    }

    /** Moves moments restored from a 0.1 savepoint into this release's layout; 0.1 kept none of the parts. */
    void upgradeLayout() {
        if (moments != null) {
            values = currentValues();
            unknownParts = currentUnknownParts();
            moments = null;
        }
    }

    /** The moments in this release's layout, leaving this accumulator as it is (a snapshot may be writing it). */
    double[] currentValues() {
        return moments != null && task != null ? MomentLayout.release01(task).remap(moments, MomentLayout.of(task))
                : values;
    }

    /** The parts unknown for this window, an accumulator restored from 0.1 knowing none. */
    int currentUnknownParts() {
        return moments != null && task != null ? Part.all() : unknownParts;
    }

    /** Adds one event, using {@code scratch} for its per-event quantities. */
    public void add(PredictionEvent event, LossParameters params, ScoredEvent scratch) {
        upgradeLayout();
        if (values == null) {
            task = event.task;
            values = new double[MomentLayout.of(task).length()];
        }
        if (event.expired) {
            expired++;
            return;
        }
        EventScorer.score(event, params, scratch);
        MomentLayout layout = MomentLayout.of(task);
        if (event.countsAsPrediction) {
            layout.predictionRegion().add(values, event.weight, scratch, params);
        }
        if (event.labelled) {
            layout.labelledRegion().add(values, event.weight, scratch, params);
            addToParts(event, params, scratch);
            if (scratch.clipped()) {
                clipped++;
            }
            if (event.labelDelayMs >= 0) {
                labelDelays = LabelDelays.add(labelDelays, event.labelDelayMs);
            }
        }
    }

    /** Adds a labelled event to the parts its task keeps. */
    private void addToParts(PredictionEvent event, LossParameters params, ScoredEvent e) {
        if (lossQuantiles == null) {
            lossQuantiles = new QuantileSketch();
        }
        if (!task.isClassification()) {
            lossQuantiles.add(Math.abs(e.residual()), event.weight);
            return;
        }
        lossQuantiles.add(e.crossEntropy(), event.weight);
        if (calibration == null) {
            calibration = new CalibrationBins();
        }
        calibration.add(e.confidence(), e.error() == 0.0, event.weight);
        if (task == Task.BINARY) {
            if (scores == null) {
                scores = new ScoreHistogram();
            }
            scores.add(e.logit(), e.label() == 1, event.weight);
        } else {
            if (classes == null) {
                classes = new ClassTable();
            }
            classes.add(e.classes(), event.classes, e.label(), e.predictedClass(), e.crossEntropy(), event.weight,
                    params.perClassLimit());
        }
    }

    public LossAccumulator merge(LossAccumulator other) {
        upgradeLayout();
        other.upgradeLayout();
        if (other.values != null) {
            if (values == null) {
                task = other.task;
                values = other.values.clone();
            } else {
                MomentLayout layout = MomentLayout.of(task);
                layout.labelledRegion().merge(values, other.values);
                layout.predictionRegion().merge(values, other.values);
            }
        }
        clipped += other.clipped;
        expired += other.expired;
        labelDelays = LabelDelays.merge(labelDelays, other.labelDelays);
        lossQuantiles = merged(lossQuantiles, other.lossQuantiles);
        calibration = merged(calibration, other.calibration);
        scores = merged(scores, other.scores);
        classes = merged(classes, other.classes);
        unknownParts |= other.unknownParts;
        return this;
    }

    private static <S extends PartState<S>> S merged(S mine, S theirs) {
        if (theirs == null) {
            return mine;
        }
        if (mine == null) {
            return theirs.copy();
        }
        mine.merge(theirs);
        return mine;
    }

    private static <S extends PartState<S>> S copyOf(S part) {
        return part == null ? null : part.copy();
    }

    /** The aggregate record of this accumulator for one key and window firing: each metric of the catalogue. */
    public LossAggregate summarize(ModelKey key, long windowStart, long windowEnd, int revision) {
        upgradeLayout();
        LossAggregate out = new LossAggregate();
        out.model = key.model;
        out.version = key.version;
        out.segment = key.segment;
        out.task = key.task;
        out.windowStart = windowStart;
        out.windowEnd = windowEnd;
        out.revision = revision;
        out.count = labelledEvents();
        out.weightSum = values == null ? 0.0 : MomentLayout.of(task).labelledRegion().weightSum(values);
        out.predictions = predictions();
        out.clipped = clipped;
        out.expired = expired;
        out.values = new double[Metric.values().length];
        out.standardErrors = new double[Metric.values().length];
        out.reliability = Metric.RELIABILITY.appliesTo(key.task) ? reliability() : null;
        if (Metric.PER_CLASS.appliesTo(key.task) && classTable() != null) {
            out.perClassNames = classTable().names().toArray(String[]::new);
            out.perClassValues = classTable().perClass();
        }
        for (Metric m : Metric.values()) {
            boolean applies = m.appliesTo(key.task);
            out.values[m.ordinal()] = applies ? m.summary().value(this, m) : Double.NaN;
            out.standardErrors[m.ordinal()] = applies && m.hasStandardError()
                    ? m.summary().standardError(this, m) : Double.NaN;
        }
        return out;
    }

    @Override
    public long labelledEvents() {
        return values == null ? 0 : MomentLayout.of(task).labelledRegion().count(values);
    }

    @Override
    public long predictions() {
        return values == null ? 0 : MomentLayout.of(task).predictionRegion().count(values);
    }

    @Override
    public double mean(String quantity) {
        return statistic(quantity, WeightedMoments::mean);
    }

    @Override
    public double standardError(String quantity) {
        return statistic(quantity, WeightedMoments::standardError);
    }

    @Override
    public double standardDeviation(String quantity) {
        return statistic(quantity, WeightedMoments::standardDeviation);
    }

    @Override
    public double meanSquaredDeviation(String quantity) {
        return statistic(quantity, WeightedMoments::meanSquaredDeviation);
    }

    /** One statistic of a quantity's moments; NaN for a quantity this window's state does not hold. */
    private double statistic(String quantity, MomentStatistic statistic) {
        WeightedMoments region = region(quantity);
        return region == null ? Double.NaN
                : statistic.of(region, values, MomentLayout.of(task).dimensionOf(quantity));
    }

    /** A statistic of a region of moments, e.g. {@link WeightedMoments#mean}. */
    @FunctionalInterface
    private interface MomentStatistic {
        double of(WeightedMoments region, double[] values, int dimension);
    }

    @Override
    public double lossQuantile(double rank) {
        return known(Part.LOSS_QUANTILES) && lossQuantiles != null ? lossQuantiles.quantile(rank) : Double.NaN;
    }

    @Override
    public double expectedCalibrationError() {
        return known(Part.CALIBRATION) && calibration != null ? calibration.expectedCalibrationError() : Double.NaN;
    }

    @Override
    public double rocAuc() {
        return known(Part.SCORES) && scores != null ? scores.rocAuc() : Double.NaN;
    }

    @Override
    public double averagePrecision() {
        return known(Part.SCORES) && scores != null ? scores.averagePrecision() : Double.NaN;
    }

    @Override
    public double macroF1() {
        return classTable() == null ? Double.NaN : classTable().macroF1();
    }

    /** The class table, when it is known and within the per-class limit. */
    private ClassTable classTable() {
        return known(Part.CLASSES) && classes != null && !classes.overLimit() ? classes : null;
    }

    /** The reliability bins, 4 values each; null when unknown or without labelled events. */
    private double[] reliability() {
        return known(Part.CALIBRATION) && calibration != null ? calibration.reliability() : null;
    }

    private boolean known(Part part) {
        return (unknownParts & part.bit()) == 0;
    }

    @Override
    public double labelDelayMedian() {
        return LabelDelays.median(labelDelays);
    }

    private WeightedMoments region(String quantity) {
        return values == null ? null : MomentLayout.of(task).regionOf(quantity);
    }
}

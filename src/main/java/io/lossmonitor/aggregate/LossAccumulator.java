package io.lossmonitor.aggregate;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.loss.ValueLimit;
import io.lossmonitor.metric.EstimatedValues;
import io.lossmonitor.metric.EventScorer;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.metric.Summary;
import io.lossmonitor.sketch.CalibrationBins;
import io.lossmonitor.sketch.ClassTable;
import io.lossmonitor.sketch.JudgedQueries;
import io.lossmonitor.sketch.PairCosines;
import io.lossmonitor.sketch.LabelDelays;
import io.lossmonitor.sketch.PartState;
import io.lossmonitor.sketch.QuantileSketch;
import io.lossmonitor.sketch.ScoreCells;
import io.lossmonitor.sketch.ScoreHistogram;
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
    LabelDelays labelDelays;
    /** Every part, once: {@code Part.values()} copies its array at each call, and events are many. */
    private static final Part[] PARTS = Part.values();

    /** The state of each {@link Part}, by the part's ordinal; null until its first event. */
    PartState<?>[] parts = new PartState<?>[PARTS.length];
    /**
     * The {@link Part}s (as bits) that were not kept for some of this window's events, because it was restored from a
     * release that did not keep them: their metrics are unknown for the window.
     */
    int unknownParts;

    /** Marks every part as unknown: the window's earlier events were seen by a release that kept none. */
    protected void forgetParts() {
        unknownParts = Part.all();
    }

    public LossAccumulator() {}

    public static LossAccumulator empty() {
        return new LossAccumulator();
    }

    /** An accumulator of this release's layout with no parts yet, such as one restored from an earlier release. */
    protected LossAccumulator(Task task, double[] values, long clipped, long expired, byte[] labelDelays) {
        this.task = task;
        this.values = values;
        this.clipped = clipped;
        this.expired = expired;
        this.labelDelays = LabelDelays.read(labelDelays);
    }

    /**
     * A plain accumulator with this one's state, arrays and parts shared, for a subclass to hand on: the wire knows
     * only this type.
     */
    protected LossAccumulator plainCopy() {
        LossAccumulator copy = new LossAccumulator(task, values, clipped, expired, null);
        copy.labelDelays = labelDelays;
        copy.parts = parts.clone();
        copy.unknownParts = unknownParts;
        return copy;
    }

    /** A copy that shares nothing with this one. */
    LossAccumulator deepCopy() {
        LossAccumulator copy = new LossAccumulator(task, values == null ? null : values.clone(), clipped, expired,
                null);
        copy.labelDelays = labelDelays == null ? null : labelDelays.copy();
        for (int i = 0; i < parts.length; i++) {
            copy.parts[i] = parts[i] == null ? null : parts[i].copy();
        }
        copy.unknownParts = unknownParts;
        return copy;
    }

    /**
     * This release's accumulator of the window: this one. An accumulator read in an earlier release's format is
     * converted, and must be before any other use.
     */
    public LossAccumulator current() {
        return this;
    }

    /** Adds one event, using {@code scratch} for its per-event quantities. */
    public void add(PredictionEvent event, LossParameters params, ScoredEvent scratch) {
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
        boolean limited = event.countsAsPrediction
                && layout.predictionRegion().add(values, event.weight, scratch, params);
        addToParts(event, params, scratch);
        if (event.labelled) {
            // A ranked list judged without a relevant item is labelled, but not in the means: its scores are undefined.
            if (scratch.labelled()) {
                limited |= layout.labelledRegion().add(values, event.weight, scratch, params);
                limited |= scratch.clipped();
            }
            if (event.labelDelayMs >= 0) {
                if (labelDelays == null) {
                    labelDelays = new LabelDelays();
                }
                labelDelays.add(event.labelDelayMs);
            }
        }
        if (limited) {
            clipped++;
        }
    }

    /**
     * Adds an event to the parts its task keeps: a labelled one to every part, a prediction without its label only
     * to the parts that keep every prediction.
     */
    private void addToParts(PredictionEvent event, LossParameters params, ScoredEvent e) {
        double weight = ValueLimit.summaryWeight(event.weight);
        for (Part part : PARTS) {
            if ((event.labelled || part.keepsPredictions() && event.countsAsPrediction) && part.keptFor(task)) {
                part.add(partState(part), task, event, e, params, weight);
            }
        }
    }

    private PartState<?> partState(Part part) {
        if (parts[part.ordinal()] == null) {
            parts[part.ordinal()] = part.empty();
        }
        return parts[part.ordinal()];
    }

    public LossAccumulator merge(LossAccumulator read) {
        LossAccumulator other = read.current();
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
        if (other.labelDelays != null) {
            if (labelDelays == null) {
                labelDelays = other.labelDelays.copy();
            } else {
                labelDelays.merge(other.labelDelays);
            }
        }
        for (int i = 0; i < parts.length; i++) {
            parts[i] = merged(parts[i], other.parts[i]);
        }
        unknownParts |= other.unknownParts;
        return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PartState<?> merged(PartState<?> mine, PartState<?> theirs) {
        if (theirs == null) {
            return mine;
        }
        if (mine == null) {
            return theirs.copy();
        }
        ((PartState) mine).merge(theirs);
        return mine;
    }

    /** The state of a part, if the window knows it; null when unknown or before its first event. */
    private PartState<?> known(Part part) {
        return (unknownParts & part.bit()) == 0 ? parts[part.ordinal()] : null;
    }

    /**
     * The aggregate record of this accumulator for one window firing of a model of {@code task}: each metric of the
     * catalogue; the caller names the model, version and segment.
     */
    public LossAggregate summarize(Task keyTask, long windowStart, long windowEnd, int revision) {
        return summarize(keyTask, windowStart, windowEnd, revision, EstimatedValues.NONE);
    }

    /** As {@link #summarize(Task, long, long, int)}, with the window's estimated metrics. */
    public LossAggregate summarize(Task keyTask, long windowStart, long windowEnd, int revision,
                                   EstimatedValues estimates) {
        LossAggregate out = new LossAggregate();
        out.task = keyTask;
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
        out.reliability = Metric.RELIABILITY.appliesTo(keyTask) ? reliability() : null;
        if (Metric.PER_CLASS.appliesTo(keyTask) && classTable() != null) {
            out.perClassNames = classTable().names().toArray(String[]::new);
            out.perClassValues = classTable().perClass();
        }
        for (Metric m : Metric.values()) {
            boolean applies = m.appliesTo(keyTask);
            out.values[m.ordinal()] = applies ? m.summary().value(this, m, estimates) : Double.NaN;
            out.standardErrors[m.ordinal()] = applies && m.hasStandardError()
                    ? m.summary().standardError(this, m, estimates) : Double.NaN;
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
        QuantileSketch losses = (QuantileSketch) known(Part.LOSS_QUANTILES);
        return losses != null ? losses.quantile(rank) : Double.NaN;
    }

    @Override
    public double expectedCalibrationError() {
        CalibrationBins bins = (CalibrationBins) known(Part.CALIBRATION);
        return bins != null ? bins.expectedCalibrationError() : Double.NaN;
    }

    @Override
    public double rocAuc() {
        ScoreHistogram scores = (ScoreHistogram) known(Part.SCORES);
        return scores != null ? scores.rocAuc() : Double.NaN;
    }

    @Override
    public double averagePrecision() {
        ScoreHistogram scores = (ScoreHistogram) known(Part.SCORES);
        return scores != null ? scores.averagePrecision() : Double.NaN;
    }

    /** A classifier's predictions and outcomes by score cell; null when unknown or before its first event. */
    public ScoreCells scoreCells() {
        return (ScoreCells) known(Part.SCORE_CELLS);
    }

    @Override
    public double macroF1() {
        return classTable() == null ? Double.NaN : classTable().macroF1();
    }

    /** The class table, when it is known and within the per-class limit. */
    private ClassTable classTable() {
        ClassTable classes = (ClassTable) known(Part.CLASSES);
        return classes != null && !classes.overLimit() ? classes : null;
    }

    /** The reliability bins, 4 values each; null when unknown or without labelled events. */
    private double[] reliability() {
        CalibrationBins bins = (CalibrationBins) known(Part.CALIBRATION);
        return bins != null ? bins.reliability() : null;
    }

    @Override
    public double meanCosineStandardError(boolean similar) {
        PairCosines cosines = (PairCosines) known(Part.PAIR_COSINES);
        return cosines != null ? cosines.standardError(similar) : Double.NaN;
    }

    @Override
    public double withoutRelevantShare() {
        JudgedQueries judged = (JudgedQueries) known(Part.JUDGED_QUERIES);
        return judged != null ? judged.withoutRelevantShare() : Double.NaN;
    }

    @Override
    public long judgedWithoutRelevant() {
        JudgedQueries judged = (JudgedQueries) known(Part.JUDGED_QUERIES);
        return judged != null ? judged.withoutRelevant() : 0;
    }

    @Override
    public double labelDelayMedian() {
        return labelDelays == null ? Double.NaN : labelDelays.median();
    }

    private WeightedMoments region(String quantity) {
        return values == null ? null : MomentLayout.of(task).regionOf(quantity);
    }
}

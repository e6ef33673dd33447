package io.lossmonitor.aggregate;

import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.metric.Quantity;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an accumulator of one task keeps the moments of each per-event value, by the name of its {@link Quantity}
 * (a mean metric's own name, or a component's): first a region over the labelled events, then one over all
 * predictions, each with its count, Σw and Σw², then the Σwx and the Σw(x − mean)² of each value, every sum but Σw
 * scaled by a power of two ({@link WeightedMoments}). Moments laid out by one layout are read into another by name: a value the other layout
 * lacks is dropped, and a value it adds is unknown (NaN) wherever its region already holds events.
 */
public final class MomentLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Count, Σw, Σw² at the start of each region. */
    private static final int HEADER = 3;

    private static final Map<Task, MomentLayout> CURRENT = new EnumMap<>(Task.class);

    static {
        for (Task task : Task.values()) {
            Map<String, Quantity> labelled = new LinkedHashMap<>();
            Map<String, Quantity> predictions = new LinkedHashMap<>();
            for (Metric m : Metric.values()) {
                if (m.appliesTo(task)) {
                    for (Quantity q : m.quantities()) {
                        (q.over() == Metric.Over.LABELLED_EVENTS ? labelled : predictions).putIfAbsent(q.name(), q);
                    }
                }
            }
            CURRENT.put(task, current(List.copyOf(labelled.values()), List.copyOf(predictions.values())));
        }
    }

    private final List<String> labelled;
    private final List<String> predictions;
    /**
     * The current layout's regions, which compute the values; null for a layout read from an earlier release, and in
     * a copy a serializer carries to a task, which uses this release's layouts through {@link #of(Task)}.
     */
    private final transient WeightedMoments labelledRegion;
    private final transient WeightedMoments predictionRegion;

    private MomentLayout(List<String> labelled, List<String> predictions, WeightedMoments labelledRegion,
                         WeightedMoments predictionRegion) {
        this.labelled = List.copyOf(labelled);
        this.predictions = List.copyOf(predictions);
        this.labelledRegion = labelledRegion;
        this.predictionRegion = predictionRegion;
    }

    private static MomentLayout current(List<Quantity> labelled, List<Quantity> predictions) {
        WeightedMoments labelledRegion = new WeightedMoments(0, labelled);
        return new MomentLayout(labelled.stream().map(Quantity::name).toList(),
                predictions.stream().map(Quantity::name).toList(), labelledRegion,
                new WeightedMoments(labelledRegion.end(), predictions));
    }

    /**
     * This release's layout of a task: the per-event quantities of the catalogue's metrics that apply to it, in
     * catalogue order.
     */
    public static MomentLayout of(Task task) {
        return CURRENT.get(task);
    }

    /** A layout known by its names, as a serializer snapshot records it. */
    public static MomentLayout named(List<String> labelled, List<String> predictions) {
        return new MomentLayout(labelled, predictions, null, null);
    }

    List<String> labelledNames() {
        return labelled;
    }

    List<String> predictionNames() {
        return predictions;
    }

    public int length() {
        return 2 * HEADER + 2 * labelled.size() + 2 * predictions.size();
    }

    WeightedMoments labelledRegion() {
        return labelledRegion;
    }

    WeightedMoments predictionRegion() {
        return predictionRegion;
    }

    /** The region that keeps a quantity's per-event values; null if it has none in this layout. */
    WeightedMoments regionOf(String quantity) {
        if (labelled.contains(quantity)) {
            return labelledRegion;
        }
        return predictions.contains(quantity) ? predictionRegion : null;
    }

    /** The quantity's index within its region. */
    int dimensionOf(String quantity) {
        int i = labelled.indexOf(quantity);
        return i >= 0 ? i : predictions.indexOf(quantity);
    }

    /** {@code values}, laid out by this layout, laid out by {@code target} instead. */
    public double[] remap(double[] values, MomentLayout target) {
        if (equals(target)) {
            return values;
        }
        double[] out = new double[target.length()];
        remapRegion(values, 0, labelled, out, 0, target.labelled);
        remapRegion(values, HEADER + 2 * labelled.size(), predictions, out, HEADER + 2 * target.labelled.size(),
                target.predictions);
        return out;
    }

    /** {@code values} of this release's layout as releases up to 0.2 wrote them, plain sums, in this release's form. */
    public double[] fromSums(double[] values) {
        double[] converted = values.clone();
        labelledRegion.fromSums(converted);
        predictionRegion.fromSums(converted);
        return converted;
    }

    /** {@code values} of this release's layout as plain sums, the form of releases up to 0.2. */
    public double[] toSums(double[] values) {
        double[] converted = values.clone();
        labelledRegion.toSums(converted);
        predictionRegion.toSums(converted);
        return converted;
    }

    private static void remapRegion(double[] from, int fromBase, List<String> fromNames, double[] to, int toBase,
                                    List<String> toNames) {
        System.arraycopy(from, fromBase, to, toBase, HEADER);
        boolean holdsEvents = from[fromBase] > 0;
        for (int j = 0; j < toNames.size(); j++) {
            int i = fromNames.indexOf(toNames.get(j));
            int sum = toBase + HEADER + j;
            int spread = sum + toNames.size();
            if (i >= 0) {
                to[sum] = from[fromBase + HEADER + i];
                to[spread] = from[fromBase + HEADER + fromNames.size() + i];
            } else if (holdsEvents) {
                to[sum] = Double.NaN;
                to[spread] = Double.NaN;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MomentLayout other && labelled.equals(other.labelled)
                && predictions.equals(other.predictions);
    }

    @Override
    public int hashCode() {
        return 31 * labelled.hashCode() + predictions.hashCode();
    }

    @Override
    public String toString() {
        return "labelled " + labelled + ", predictions " + predictions;
    }
}

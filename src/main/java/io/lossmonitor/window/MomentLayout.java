package io.lossmonitor.window;

import io.lossmonitor.event.Task;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where an accumulator of one task keeps the moments of each per-event value, by the value's metric name: first a
 * region over the labelled events, then one over all predictions, each with its count, Σw and Σw², then the Σwx
 * and the Σw(x − mean)² of each value. Moments laid out by one layout are read into another by name: a value the
 * other layout lacks is dropped, and a value it adds is unknown (NaN) wherever its region already holds events.
 */
final class MomentLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Count, Σw, Σw² at the start of each region. */
    private static final int HEADER = 3;

    private static final Map<Task, MomentLayout> CURRENT = new EnumMap<>(Task.class);

    static {
        for (Task task : Task.values()) {
            List<Metric> labelled = new ArrayList<>();
            List<Metric> predictions = new ArrayList<>();
            for (Metric m : Metric.values()) {
                if (m.perEvent() != null && m.appliesTo(task)) {
                    (m.over() == Metric.Over.LABELLED_EVENTS ? labelled : predictions).add(m);
                }
            }
            CURRENT.put(task, current(labelled, predictions));
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

    private static MomentLayout current(List<Metric> labelled, List<Metric> predictions) {
        WeightedMoments labelledRegion = new WeightedMoments(0, labelled.toArray(Metric[]::new));
        return new MomentLayout(labelled.stream().map(Metric::jsonName).toList(),
                predictions.stream().map(Metric::jsonName).toList(), labelledRegion,
                new WeightedMoments(labelledRegion.end(), predictions.toArray(Metric[]::new)));
    }

    /** This release's layout of a task: the catalogue's per-event values that apply to it, in catalogue order. */
    static MomentLayout of(Task task) {
        return CURRENT.get(task);
    }

    /** A layout known by its names, as a serializer snapshot records it. */
    static MomentLayout named(List<String> labelled, List<String> predictions) {
        return new MomentLayout(labelled, predictions, null, null);
    }

    /**
     * Release 0.1's layout, which kept four loss slots and two signal slots per task in one array with no names;
     * a regressor's second signal slot was always 0.
     */
    static MomentLayout release01(Task task) {
        return task.isClassification()
                ? named(List.of("error_rate", "cross_entropy", "focal_loss", "brier"), List.of("entropy", "confidence"))
                : named(List.of("mse", "mae", "huber", "mean_error"), List.of("prediction_mean", ""));
    }

    List<String> labelledNames() {
        return labelled;
    }

    List<String> predictionNames() {
        return predictions;
    }

    int length() {
        return 2 * HEADER + 2 * labelled.size() + 2 * predictions.size();
    }

    WeightedMoments labelledRegion() {
        return labelledRegion;
    }

    WeightedMoments predictionRegion() {
        return predictionRegion;
    }

    /** The region that keeps a metric's per-event values; null if it has none in this layout. */
    WeightedMoments regionOf(Metric m) {
        if (labelled.contains(m.jsonName())) {
            return labelledRegion;
        }
        return predictions.contains(m.jsonName()) ? predictionRegion : null;
    }

    /** The metric's index within its region. */
    int dimensionOf(Metric m) {
        int i = labelled.indexOf(m.jsonName());
        return i >= 0 ? i : predictions.indexOf(m.jsonName());
    }

    /** {@code values}, laid out by this layout, laid out by {@code target} instead. */
    double[] remap(double[] values, MomentLayout target) {
        if (equals(target)) {
            return values;
        }
        double[] out = new double[target.length()];
        remapRegion(values, 0, labelled, out, 0, target.labelled);
        remapRegion(values, HEADER + 2 * labelled.size(), predictions, out, HEADER + 2 * target.labelled.size(),
                target.predictions);
        return out;
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

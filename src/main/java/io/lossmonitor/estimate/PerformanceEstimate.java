package io.lossmonitor.estimate;

import io.lossmonitor.event.Task;
import io.lossmonitor.loss.CrossEntropy;
import io.lossmonitor.metric.EstimatedValues;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.sketch.RocArea;
import io.lossmonitor.sketch.ScoreCells;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A window's estimated metrics over all its predictions, from their score cells and the calibration map of its
 * key's reference (NannyML's CBPE, streaming): each cell's predictions count at its score with the calibrated chance q
 * there, as expected positives q and negatives 1 − q.
 */
public final class PerformanceEstimate implements EstimatedValues {

    private final Map<Metric, Double> values = new EnumMap<>(Metric.class);
    private final Map<Metric, Double> standardErrors = new EnumMap<>(Metric.class);

    private PerformanceEstimate() {}

    /** Estimates kept by metric name, as a late revision of the window carries them; unknown names are dropped. */
    public static PerformanceEstimate of(Map<String, Double> values, Map<String, Double> standardErrors) {
        PerformanceEstimate e = new PerformanceEstimate();
        putKnown(values, e.values);
        putKnown(standardErrors, e.standardErrors);
        return e;
    }

    private static void putKnown(Map<String, Double> byName, Map<Metric, Double> into) {
        for (Metric m : Metric.values()) {
            Double v = byName.get(m.jsonName());
            if (v != null) {
                into.put(m, v);
            }
        }
    }

    /**
     * The estimates of a window of a model of {@code task}: only the reference's weight while it has fewer than
     * {@code minLabels}, or one kind of outcome, or the window no predictions.
     */
    public static PerformanceEstimate estimate(Task task, ScoreCells window, ReferenceOutcomes reference,
                                               double minLabels, double epsilon) {
        PerformanceEstimate e = new PerformanceEstimate();
        double referenceWeight = reference.weight();
        e.values.put(Metric.ESTIMATION_REFERENCE_LABELS, referenceWeight);
        if (referenceWeight < minLabels || reference.hitWeight() == 0 || reference.missWeight() == 0) {
            return e;
        }
        IsotonicCalibration map = reference.calibration();
        if (map == null) {
            return e;
        }
        ScoreCells.Sorted cells = window.read();
        boolean binary = task == Task.BINARY;
        int n = cells.size();
        double[] expectedPositives = new double[n];
        double[] expectedNegatives = new double[n];
        double weight = 0;
        double right = 0;
        double variance = 0;
        double truePositives = 0;
        double falsePositives = 0;
        double falseNegatives = 0;
        double crossEntropy = 0;
        double brier = 0;
        for (int i = 0; i < n; i++) {
            double w = cells.predicted(i);
            if (w <= 0) {
                continue;
            }
            double score = ScoreCells.scoreOf(cells.cell(i));
            double q = map.at(score);
            boolean predictsOne = ScoreCells.predictsOne(cells.cell(i));
            double c = !binary || predictsOne ? q : 1 - q;
            weight += w;
            right += w * c;
            variance += cells.predictedSquared(i) * c * (1 - c);
            if (binary) {
                expectedPositives[i] = w * q;
                expectedNegatives[i] = w * (1 - q);
                if (predictsOne) {
                    truePositives += w * q;
                    falsePositives += w * (1 - q);
                } else {
                    falseNegatives += w * q;
                }
                double p = sigmoid(score);
                double notP = sigmoid(-score);
                crossEntropy += w * (q * CrossEntropy.ofProbability(p, epsilon)
                        + (1 - q) * CrossEntropy.ofProbability(notP, epsilon));
                brier += w * (q * notP * notP + (1 - q) * p * p);
            }
        }
        if (weight == 0) {
            return e;
        }
        double accuracy = right / weight;
        double standardError = Math.sqrt(variance) / weight;
        e.put(Metric.ESTIMATED_ACCURACY, accuracy, standardError);
        e.put(Metric.ESTIMATED_ERROR_RATE, 1 - accuracy, standardError);
        if (binary) {
            e.values.put(Metric.ESTIMATED_PRECISION, ratio(truePositives, truePositives + falsePositives));
            e.values.put(Metric.ESTIMATED_RECALL, ratio(truePositives, truePositives + falseNegatives));
            e.values.put(Metric.ESTIMATED_F1,
                    ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives));
            e.values.put(Metric.ESTIMATED_CROSS_ENTROPY, crossEntropy / weight);
            e.values.put(Metric.ESTIMATED_BRIER, brier / weight);
            // Each cell is one step of the curve: its events are tied.
            e.values.put(Metric.ESTIMATED_ROC_AUC,
                    RocArea.of(n, c -> expectedPositives[c], c -> expectedNegatives[c]));
        }
        return e;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private void put(Metric metric, double value, double standardError) {
        values.put(metric, value);
        standardErrors.put(metric, standardError);
    }

    @Override
    public double value(Metric metric) {
        return values.getOrDefault(metric, Double.NaN);
    }

    @Override
    public double standardError(Metric metric) {
        return standardErrors.getOrDefault(metric, Double.NaN);
    }

    /** The values by metric name, to keep. */
    public Map<String, Double> valuesByName() {
        return byName(values);
    }

    public Map<String, Double> standardErrorsByName() {
        return byName(standardErrors);
    }

    private static Map<String, Double> byName(Map<Metric, Double> byMetric) {
        Map<String, Double> out = new HashMap<>();
        byMetric.forEach((m, v) -> out.put(m.jsonName(), v));
        return out;
    }
}

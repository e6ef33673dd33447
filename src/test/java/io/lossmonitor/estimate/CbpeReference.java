package io.lossmonitor.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Estimated performance computed per event, straight from the published definitions, to check the streaming
 * implementation against: scikit-learn's isotonic regression (ties in the score averaged, the fit by the min-max
 * formula of isotonic regression rather than by pooling, linear between the fitted points, clipped outside), the
 * expected confusion matrix and NannyML CBPE's ROC curve of expected positives and negatives.
 */
final class CbpeReference {

    private final double[] x;
    private final double[] fitted;

    /** Learns the map of targets (0 or 1) on scores, each event weighted. */
    CbpeReference(double[] scores, double[] targets, double[] weights) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        List<double[]> points = new ArrayList<>();
        for (int k = 0; k < order.length; ) {
            double s = scores[order[k]];
            double w = 0;
            double wy = 0;
            while (k < order.length && scores[order[k]] == s) {
                w += weights[order[k]];
                wy += weights[order[k]] * targets[order[k]];
                k++;
            }
            points.add(new double[] {s, wy / w, w});
        }
        int n = points.size();
        x = new double[n];
        fitted = new double[n];
        double[] prefixW = new double[n + 1];
        double[] prefixWy = new double[n + 1];
        for (int i = 0; i < n; i++) {
            x[i] = points.get(i)[0];
            prefixW[i + 1] = prefixW[i] + points.get(i)[2];
            prefixWy[i + 1] = prefixWy[i] + points.get(i)[1] * points.get(i)[2];
        }
        // ŷ_i = max over j ≤ i of min over k ≥ i of the weighted mean of points j..k; for each j the minimum over
        // k ≥ i comes from a scan down from the last point.
        Arrays.fill(fitted, Double.NEGATIVE_INFINITY);
        double[] lowestFrom = new double[n];
        for (int j = 0; j < n; j++) {
            double lowest = Double.POSITIVE_INFINITY;
            for (int k = n - 1; k >= j; k--) {
                lowest = Math.min(lowest, (prefixWy[k + 1] - prefixWy[j]) / (prefixW[k + 1] - prefixW[j]));
                lowestFrom[k] = lowest;
            }
            for (int i = j; i < n; i++) {
                fitted[i] = Math.max(fitted[i], lowestFrom[i]);
            }
        }
    }

    double at(double score) {
        if (score <= x[0]) {
            return fitted[0];
        }
        if (score >= x[x.length - 1]) {
            return fitted[x.length - 1];
        }
        int above = 1;
        while (x[above] < score) {
            above++;
        }
        double t = (score - x[above - 1]) / (x[above] - x[above - 1]);
        return fitted[above - 1] + t * (fitted[above] - fitted[above - 1]);
    }

    /** Per-event estimates of a binary window: scores are logits of P(1), predicting 1 from logit ≥ 0. */
    record Binary(double accuracy, double standardError, double precision, double recall, double f1,
                  double crossEntropy, double brier, double rocAuc) {}

    Binary binary(double[] logits, double[] weights, double epsilon) {
        double w = 0;
        double right = 0;
        double variance = 0;
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double ce = 0;
        double brier = 0;
        double[] q = new double[logits.length];
        for (int j = 0; j < logits.length; j++) {
            q[j] = at(logits[j]);
            boolean predictsOne = logits[j] >= 0;
            double c = predictsOne ? q[j] : 1 - q[j];
            double p = 1 / (1 + Math.exp(-logits[j]));
            double clipped = Math.min(Math.max(p, epsilon), 1 - epsilon);
            w += weights[j];
            right += weights[j] * c;
            variance += weights[j] * weights[j] * c * (1 - c);
            tp += predictsOne ? weights[j] * q[j] : 0;
            fp += predictsOne ? weights[j] * (1 - q[j]) : 0;
            fn += predictsOne ? 0 : weights[j] * q[j];
            ce += weights[j] * (-q[j] * Math.log(clipped) - (1 - q[j]) * Math.log(1 - clipped));
            brier += weights[j] * (q[j] * (1 - p) * (1 - p) + (1 - q[j]) * p * p);
        }
        return new Binary(right / w, Math.sqrt(variance) / w, tp / (tp + fp), tp / (tp + fn),
                2 * tp / (2 * tp + fp + fn), ce / w, brier / w, rocAuc(logits, q, weights));
    }

    /** Per-event estimated accuracy of a multi-class window and its standard error, from top-label confidences. */
    double[] multiclassAccuracy(double[] confidences, double[] weights) {
        double w = 0;
        double right = 0;
        double variance = 0;
        for (int j = 0; j < confidences.length; j++) {
            double c = at(confidences[j]);
            w += weights[j];
            right += weights[j] * c;
            variance += weights[j] * weights[j] * c * (1 - c);
        }
        return new double[] {right / w, Math.sqrt(variance) / w};
    }

    /**
     * NannyML's construction: events by descending score, the cumulative expected positives (w q) and negatives
     * (w (1 − q)) at each distinct score (ties in one step) as the ROC curve, its area by trapezoids.
     */
    static double rocAuc(double[] scores, double[] q, double[] weights) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
        double positives = 0;
        double negatives = 0;
        for (int i = 0; i < scores.length; i++) {
            positives += weights[i] * q[i];
            negatives += weights[i] * (1 - q[i]);
        }
        double area = 0;
        double tpr = 0;
        double fpr = 0;
        for (int k = 0; k < order.length; ) {
            double s = scores[order[k]];
            double stepTp = 0;
            double stepFp = 0;
            while (k < order.length && scores[order[k]] == s) {
                stepTp += weights[order[k]] * q[order[k]];
                stepFp += weights[order[k]] * (1 - q[order[k]]);
                k++;
            }
            double nextTpr = tpr + stepTp / positives;
            double nextFpr = fpr + stepFp / negatives;
            area += (nextFpr - fpr) * (tpr + nextTpr) / 2;
            tpr = nextTpr;
            fpr = nextFpr;
        }
        return area;
    }
}

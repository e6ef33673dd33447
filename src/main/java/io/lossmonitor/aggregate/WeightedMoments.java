package io.lossmonitor.aggregate;

import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.metric.Quantity;
import java.util.List;

/**
 * Weighted sums and spreads of the per-event values of some quantities, kept in one region of a {@code double[]}
 * (count, Σw, Σw², then Σwx and Σw(x − mean)² per metric), so that a whole accumulator is one flat array; updated one
 * event at a time and mergeable in any order (weighted Welford updates of the squared deviations, Chan's merge), so
 * a window never buffers its events. Means are Σwx / Σw, computed exactly as the reference libraries do.
 */
final class WeightedMoments {

    private static final int COUNT = 0;
    private static final int WEIGHT_SUM = 1;
    private static final int WEIGHT_SQUARE_SUM = 2;
    private static final int SUMS = 3;

    private final int base;
    private final int dimensions;
    private final Metric.PerEvent[] values;

    /** The moments of the per-event values of {@code quantities}, starting at index {@code base} of an accumulator. */
    WeightedMoments(int base, List<Quantity> quantities) {
        this.base = base;
        this.dimensions = quantities.size();
        this.values = quantities.stream().map(Quantity::value).toArray(Metric.PerEvent[]::new);
    }

    /** The first index after this region. */
    int end() {
        return base + SUMS + 2 * dimensions;
    }

    /** Adds one scored event with its weight. */
    void add(double[] s, double weight, ScoredEvent event, LossParameters params) {
        int b = base;
        int n = dimensions;
        double previousWeight = s[b + WEIGHT_SUM];
        double weightSum = previousWeight + weight;
        s[b + COUNT] += 1;
        s[b + WEIGHT_SUM] = weightSum;
        s[b + WEIGHT_SQUARE_SUM] += weight * weight;
        double previousShare = previousWeight > 0 ? 1.0 / previousWeight : 0.0;
        double share = 1.0 / weightSum;
        int sum = b + SUMS;
        int m2 = sum + n;
        for (int i = 0; i < n; i++) {
            double x = values[i].of(event, params);
            double previousSum = s[sum + i];
            double newSum = previousSum + weight * x;
            s[sum + i] = newSum;
            s[m2 + i] += weight * (x - previousSum * previousShare) * (x - newSum * share);
        }
    }

    /** Merges the same region of {@code other} into {@code s}. */
    void merge(double[] s, double[] other) {
        if (other[base + COUNT] == 0) {
            return;
        }
        if (s[base + COUNT] == 0) {
            System.arraycopy(other, base, s, base, end() - base);
            return;
        }
        double weightSum = s[base + WEIGHT_SUM];
        double otherWeightSum = other[base + WEIGHT_SUM];
        double total = weightSum + otherWeightSum;
        int sum = base + SUMS;
        int m2 = sum + dimensions;
        for (int i = 0; i < dimensions; i++) {
            double delta = other[sum + i] / otherWeightSum - s[sum + i] / weightSum;
            s[m2 + i] += other[m2 + i] + delta * delta * weightSum * otherWeightSum / total;
            s[sum + i] += other[sum + i];
        }
        s[base + COUNT] += other[base + COUNT];
        s[base + WEIGHT_SUM] = total;
        s[base + WEIGHT_SQUARE_SUM] += other[base + WEIGHT_SQUARE_SUM];
    }

    long count(double[] s) {
        return (long) s[base + COUNT];
    }

    double weightSum(double[] s) {
        return s[base + WEIGHT_SUM];
    }

    /** Weighted mean, NaN when empty. */
    double mean(double[] s, int i) {
        return count(s) == 0 ? Double.NaN : s[base + SUMS + i] / s[base + WEIGHT_SUM];
    }

    /**
     * Unbiased weighted variance for reliability weights, Σw(x − x̄)² / (V1 − V2/V1); with unit weights this is
     * the sample variance with n − 1. NaN below two events.
     */
    double variance(double[] s, int i) {
        double weightSum = s[base + WEIGHT_SUM];
        double denominator = weightSum - s[base + WEIGHT_SQUARE_SUM] / weightSum;
        if (count(s) < 2 || !(denominator > 0)) {
            return Double.NaN;
        }
        return Math.max(s[base + SUMS + dimensions + i], 0.0) / denominator;
    }

    /** Σw(x − x̄)² / Σw, NaN when empty. */
    double meanSquaredDeviation(double[] s, int i) {
        return count(s) == 0 ? Double.NaN : Math.max(s[base + SUMS + dimensions + i], 0.0) / s[base + WEIGHT_SUM];
    }

    double standardDeviation(double[] s, int i) {
        return Math.sqrt(variance(s, i));
    }

    /** s / √n_eff with Kish's effective sample size n_eff = (Σw)² / Σw². */
    double standardError(double[] s, int i) {
        return Math.sqrt(variance(s, i) * s[base + WEIGHT_SQUARE_SUM]) / s[base + WEIGHT_SUM];
    }
}

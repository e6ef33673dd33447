package io.lossmonitor.aggregate;

import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.loss.ValueLimit;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.metric.Quantity;
import java.util.List;

/**
 * Weighted means and spreads of the per-event values of some quantities, kept in one region of a {@code double[]}
 * (count, Σw, Σw²/(Σw)², then the weighted mean and Σw(x − mean)²/Σw of each value), so that a whole accumulator is
 * one flat array; updated one event at a time and mergeable in any order (weighted Welford updates, Chan's merge),
 * so a window never buffers its events. Every stored number is a mean or a ratio of weights, never a sum of
 * weighted values, so no weight (1e-300 to 1e300 and beyond) overflows or underflows it: each event moves the means
 * by its share w / Σw. A per-event value enters within {@link ValueLimit}, which keeps every square of a deviation
 * finite; {@link #add} reports when it held one.
 */
final class WeightedMoments {

    private static final int COUNT = 0;
    private static final int WEIGHT_SUM = 1;
    /** Σw² / (Σw)², between 1/n and 1: Kish's effective sample size is its inverse. */
    private static final int WEIGHT_CONCENTRATION = 2;
    private static final int MEANS = 3;

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
        return base + MEANS + 2 * dimensions;
    }

    /**
     * Adds one scored event with its weight (positive).
     *
     * @return whether one of its per-event values was held at the {@link ValueLimit}
     */
    boolean add(double[] s, double weight, ScoredEvent event, LossParameters params) {
        int b = base;
        double previous = s[b + WEIGHT_SUM];
        double share = previous > 0 ? part(weight, previous) : 1;
        double rest = previous > 0 ? part(previous, weight) : 0;
        s[b + COUNT] += 1;
        s[b + WEIGHT_SUM] = Math.min(Double.MAX_VALUE, previous + weight);
        s[b + WEIGHT_CONCENTRATION] = s[b + WEIGHT_CONCENTRATION] * rest * rest + share * share;
        boolean limited = false;
        int mean = b + MEANS;
        int spread = mean + dimensions;
        for (int i = 0; i < dimensions; i++) {
            double x = values[i].of(event, params);
            if (ValueLimit.exceeded(x)) {
                x = ValueLimit.of(x);
                limited = true;
            }
            double delta = x - s[mean + i];
            s[mean + i] = moved(s[mean + i], x, delta, weight, previous);
            s[spread + i] = rest * s[spread + i] + share * rest * delta * delta;
        }
        return limited;
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
        double weight = s[base + WEIGHT_SUM];
        double otherWeight = other[base + WEIGHT_SUM];
        double share = part(otherWeight, weight);
        double rest = part(weight, otherWeight);
        int mean = base + MEANS;
        int spread = mean + dimensions;
        for (int i = 0; i < dimensions; i++) {
            double delta = other[mean + i] - s[mean + i];
            s[spread + i] = rest * s[spread + i] + share * other[spread + i] + rest * share * delta * delta;
            s[mean + i] = moved(s[mean + i], other[mean + i], delta, otherWeight, weight);
        }
        s[base + COUNT] += other[base + COUNT];
        s[base + WEIGHT_SUM] = Math.min(Double.MAX_VALUE, weight + otherWeight);
        s[base + WEIGHT_CONCENTRATION] = s[base + WEIGHT_CONCENTRATION] * rest * rest
                + other[base + WEIGHT_CONCENTRATION] * share * share;
    }

    /** a / (a + b) of two positive weights, from their ratio the smaller by the larger, which cannot overflow. */
    private static double part(double a, double b) {
        if (a >= b) {
            return 1 / (1 + b / a);
        }
        double ratio = a / b;
        return ratio / (1 + ratio);
    }

    /**
     * The mean moved towards {@code x} by the weight {@code w} joining {@code previous}: by the step while the new
     * part is at most half (exact for equal values), as a weighted average of the two beyond, where a share that
     * rounds to 1 would lose the rest.
     */
    private static double moved(double mean, double x, double delta, double w, double previous) {
        return part(w, previous) <= 0.5 ? mean + portion(delta, w, previous)
                : portion(mean, previous, w) + portion(x, w, previous);
    }

    /**
     * x · a / (a + b) for positive weights a and b: from the share a / (a + b), or where that share is below the
     * normal doubles (a is that much smaller than b, and a + b is b), as x · a / b in the order that keeps its bits.
     */
    private static double portion(double x, double a, double b) {
        double share = part(a, b);
        if (share >= Double.MIN_NORMAL || x == 0) {
            return x * share;
        }
        double xa = x * a;
        return Double.isFinite(xa) ? xa / b : x / b * a;
    }

    /**
     * Turns a region written by a release that kept sums — count, Σw, Σw², then Σwx and Σw(x − mean)² of each value
     * — into this form, in place.
     */
    void fromSums(double[] s) {
        double weight = s[base + WEIGHT_SUM];
        if (!(s[base + COUNT] > 0 && weight > 0)) {
            return;
        }
        s[base + WEIGHT_CONCENTRATION] = Math.min(1.0, s[base + WEIGHT_CONCENTRATION] / weight / weight);
        for (int i = MEANS; i < MEANS + 2 * dimensions; i++) {
            s[base + i] /= weight;
        }
    }

    /** The inverse of {@link #fromSums}, in place. */
    void toSums(double[] s) {
        double weight = s[base + WEIGHT_SUM];
        s[base + WEIGHT_CONCENTRATION] *= weight * weight;
        for (int i = MEANS; i < MEANS + 2 * dimensions; i++) {
            s[base + i] *= weight;
        }
    }

    long count(double[] s) {
        return (long) s[base + COUNT];
    }

    double weightSum(double[] s) {
        return s[base + WEIGHT_SUM];
    }

    /** Weighted mean, NaN when empty. */
    double mean(double[] s, int i) {
        return count(s) == 0 ? Double.NaN : s[base + MEANS + i];
    }

    /**
     * Unbiased weighted variance for reliability weights, Σw(x − x̄)² / (V1 − V2/V1) = (Σw(x − x̄)²/V1) / (1 − V2/V1²);
     * with unit weights this is the sample variance with n − 1. NaN below two events.
     */
    double variance(double[] s, int i) {
        double denominator = 1 - s[base + WEIGHT_CONCENTRATION];
        if (count(s) < 2 || !(denominator > 0)) {
            return Double.NaN;
        }
        return Math.max(s[base + MEANS + dimensions + i], 0.0) / denominator;
    }

    /** Σw(x − x̄)² / Σw, NaN when empty. */
    double meanSquaredDeviation(double[] s, int i) {
        return count(s) == 0 ? Double.NaN : Math.max(s[base + MEANS + dimensions + i], 0.0);
    }

    double standardDeviation(double[] s, int i) {
        return Math.sqrt(variance(s, i));
    }

    /** s / √n_eff with Kish's effective sample size n_eff = (Σw)² / Σw². */
    double standardError(double[] s, int i) {
        return Math.sqrt(variance(s, i) * s[base + WEIGHT_CONCENTRATION]);
    }
}

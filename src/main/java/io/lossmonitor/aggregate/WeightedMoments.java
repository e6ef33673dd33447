package io.lossmonitor.aggregate;

import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.loss.ValueLimit;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.metric.Quantity;
import java.util.List;

/**
 * Weighted sums and spreads of the per-event values of some quantities, kept in one region of a {@code double[]}
 * (count, Σw, Σw², then Σwx and Σw(x − mean)² per metric), so that a whole accumulator is one flat array; updated one
 * event at a time and mergeable in any order (weighted Welford updates of the squared deviations, Chan's merge), so
 * a window never buffers its events. Means are Σwx / Σw, computed exactly as the reference libraries do.
 *
 * <p>Every sum but Σw is kept divided by 2^e, e the binary exponent of Σw (squared for Σw²), so that no weight —
 * 1e-300 or the largest double — overflows a product or a sum: scaling by a power of two is exact, so the means are
 * those of the plain sums to the last bit wherever the plain sums are finite. Σw itself is held at the largest
 * double. A per-event value enters within {@link ValueLimit}, which keeps every square of a deviation finite;
 * {@link #add} reports when it held one.
 */
final class WeightedMoments {

    private static final int COUNT = 0;
    private static final int WEIGHT_SUM = 1;
    private static final int WEIGHT_SQUARE_SUM = 2;
    private static final int SUMS = 3;
    /** Below this, a scaled weight times an ordinary value would fall below the normal doubles. */
    private static final double TINY_SCALED_WEIGHT = 0x1p-900;

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

    /**
     * Adds one scored event with its weight (positive).
     *
     * @return whether one of its per-event values was held at the {@link ValueLimit}
     */
    boolean add(double[] s, double weight, ScoredEvent event, LossParameters params) {
        int b = base;
        int n = dimensions;
        double previousWeight = s[b + WEIGHT_SUM];
        double weightSum = Math.min(Double.MAX_VALUE, previousWeight + weight);
        int exponent = Math.getExponent(weightSum);
        int shift = exponent(previousWeight) - exponent;
        if (shift != 0) {
            // Σw passed a power of two: the earlier sums move to the new scale, exactly (once per doubling).
            rescale(s, shift);
        }
        double unit = power(-exponent);
        // Σw / 2^e before and after, and this event's weight at the scale: each at most 2.
        double previousShare = previousWeight > 0 ? 1.0 / (previousWeight * unit) : 0.0;
        double share = 1.0 / (weightSum * unit);
        double w = weight * unit;
        s[b + COUNT] += 1;
        s[b + WEIGHT_SUM] = weightSum;
        s[b + WEIGHT_SQUARE_SUM] += w * w;
        // An event that weighs next to nothing beside the region's earlier ones has a scaled weight below the normal
        // doubles: its terms are taken from the plain products, so that they keep their bits.
        boolean tiny = w < TINY_SCALED_WEIGHT;
        boolean limited = false;
        int sum = b + SUMS;
        int m2 = sum + n;
        for (int i = 0; i < n; i++) {
            double x = values[i].of(event, params);
            if (ValueLimit.exceeded(x)) {
                x = ValueLimit.of(x);
                limited = true;
            }
            double previousSum = s[sum + i];
            double newSum = previousSum + (tiny ? weighted(weight, w, x, unit) : w * x);
            s[sum + i] = newSum;
            double spread = (x - previousSum * previousShare) * (x - newSum * share);
            s[m2 + i] += tiny ? weighted(weight, w, spread, unit) : w * spread;
        }
        return limited;
    }

    /**
     * weight · x at the region's scale: the plain product times the scale where it is a normal double (an ordinary
     * term is then the plain one to the last bit, and a tiny weight's keeps its bits), else — 0, overflowed, or below
     * the normal doubles — the scaled weight times x.
     */
    private static double weighted(double weight, double scaledWeight, double x, double unit) {
        double plain = weight * x;
        double magnitude = Math.abs(plain);
        return magnitude >= Double.MIN_NORMAL && magnitude < Double.POSITIVE_INFINITY ? plain * unit
                : scaledWeight * x;
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
        double total = Math.min(Double.MAX_VALUE, weightSum + otherWeightSum);
        int mine = exponent(weightSum);
        int theirs = exponent(otherWeightSum);
        int exponent = Math.getExponent(total);
        // Both regions move to the scale of the total, exactly; then they add as plain sums would.
        rescale(s, mine - exponent);
        double myScaled = weightSum * power(-exponent);
        double theirScaled = otherWeightSum * power(-exponent);
        double totalScaled = total * power(-exponent);
        int theirShift = theirs - exponent;
        int sum = base + SUMS;
        int m2 = sum + dimensions;
        for (int i = 0; i < dimensions; i++) {
            double theirSum = shifted(other[sum + i], theirShift);
            double delta = theirSum / theirScaled - s[sum + i] / myScaled;
            s[m2 + i] += shifted(other[m2 + i], theirShift) + delta * delta * myScaled * theirScaled / totalScaled;
            s[sum + i] += theirSum;
        }
        s[base + COUNT] += other[base + COUNT];
        s[base + WEIGHT_SUM] = total;
        s[base + WEIGHT_SQUARE_SUM] += shifted(other[base + WEIGHT_SQUARE_SUM], 2 * theirShift);
    }

    /** x · 2^k, exactly where the result is a normal double: by a multiplication while 2^k is normal itself. */
    private static double shifted(double x, int k) {
        return k >= Double.MIN_EXPONENT ? x * power(k) : Math.scalb(x, k);
    }

    /** Turns a region of plain sums, as releases up to 0.2 kept them, into this form, in place. */
    void fromSums(double[] s) {
        rescale(s, -exponent(s[base + WEIGHT_SUM]));
    }

    /** The inverse of {@link #fromSums}, in place. */
    void toSums(double[] s) {
        rescale(s, exponent(s[base + WEIGHT_SUM]));
    }

    /** Multiplies the region's sums by 2^by (Σw² by 2^(2·by)), in place. */
    private void rescale(double[] s, int by) {
        if (by == 0) {
            return;
        }
        s[base + WEIGHT_SQUARE_SUM] = shifted(s[base + WEIGHT_SQUARE_SUM], 2 * by);
        for (int i = SUMS; i < SUMS + 2 * dimensions; i++) {
            s[base + i] = shifted(s[base + i], by);
        }
    }

    /**
     * 2^k, exactly, for the shifts between scales: multiplying by it is exact wherever the product is a normal
     * double, as a shift of the exponent is; beyond the smallest double it is 0, as the shifted value would be.
     */
    private static double power(int k) {
        if (k >= Double.MIN_EXPONENT && k <= Double.MAX_EXPONENT) {
            // A normal power of two is its biased exponent alone: no call on the per-event path.
            return Double.longBitsToDouble((long) (k + 1023) << 52);
        }
        return k < -1074 ? 0.0 : k > 1023 ? Double.POSITIVE_INFINITY : Math.scalb(1.0, k);
    }

    /** The binary exponent the sums of a region of total weight {@code weightSum} are divided by; 0 when empty. */
    private static int exponent(double weightSum) {
        return weightSum > 0 ? Math.getExponent(weightSum) : 0;
    }

    long count(double[] s) {
        return (long) s[base + COUNT];
    }

    double weightSum(double[] s) {
        return s[base + WEIGHT_SUM];
    }

    /** Σw / 2^e, between 1 and 2. */
    private double scaledWeight(double[] s) {
        double weightSum = s[base + WEIGHT_SUM];
        return Math.scalb(weightSum, -exponent(weightSum));
    }

    /** Weighted mean, NaN when empty. */
    double mean(double[] s, int i) {
        return count(s) == 0 ? Double.NaN : s[base + SUMS + i] / scaledWeight(s);
    }

    /**
     * Unbiased weighted variance for reliability weights, Σw(x − x̄)² / (V1 − V2/V1); with unit weights this is
     * the sample variance with n − 1. NaN below two events.
     */
    double variance(double[] s, int i) {
        double weight = scaledWeight(s);
        double denominator = weight - s[base + WEIGHT_SQUARE_SUM] / weight;
        if (count(s) < 2 || !(denominator > 0)) {
            return Double.NaN;
        }
        return Math.max(s[base + SUMS + dimensions + i], 0.0) / denominator;
    }

    /** Σw(x − x̄)² / Σw, NaN when empty. */
    double meanSquaredDeviation(double[] s, int i) {
        return count(s) == 0 ? Double.NaN : Math.max(s[base + SUMS + dimensions + i], 0.0) / scaledWeight(s);
    }

    double standardDeviation(double[] s, int i) {
        return Math.sqrt(variance(s, i));
    }

    /** s / √n_eff with Kish's effective sample size n_eff = (Σw)² / Σw². */
    double standardError(double[] s, int i) {
        return Math.sqrt(variance(s, i) * s[base + WEIGHT_SQUARE_SUM]) / scaledWeight(s);
    }
}

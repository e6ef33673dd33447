package io.lossmonitor.window;

/**
 * Weighted sums and spreads of a fixed number of per-event values, updated one event at a time and mergeable
 * in any order (weighted Welford updates of the squared deviations, Chan's merge), so a window never buffers
 * its events. Means are Σwx / Σw, computed exactly as the reference libraries do.
 */
public class WeightedMoments {

    public long count;
    public double weightSum;
    public double weightSquareSum;
    /** Σ w x per value. */
    public double[] sum;
    /** Σ w (x − mean)² per value. */
    public double[] m2;

    public WeightedMoments() {}

    public static WeightedMoments of(int dimensions) {
        WeightedMoments moments = new WeightedMoments();
        moments.sum = new double[dimensions];
        moments.m2 = new double[dimensions];
        return moments;
    }

    public void add(double weight, double[] values) {
        double previousWeight = weightSum;
        count++;
        weightSum += weight;
        weightSquareSum += weight * weight;
        double previousShare = previousWeight > 0 ? 1.0 / previousWeight : 0.0;
        double share = 1.0 / weightSum;
        for (int i = 0; i < sum.length; i++) {
            double previousMean = sum[i] * previousShare;
            sum[i] += weight * values[i];
            m2[i] += weight * (values[i] - previousMean) * (values[i] - sum[i] * share);
        }
    }

    public void merge(WeightedMoments other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            count = other.count;
            weightSum = other.weightSum;
            weightSquareSum = other.weightSquareSum;
            System.arraycopy(other.sum, 0, sum, 0, sum.length);
            System.arraycopy(other.m2, 0, m2, 0, m2.length);
            return;
        }
        double total = weightSum + other.weightSum;
        for (int i = 0; i < sum.length; i++) {
            double delta = other.sum[i] / other.weightSum - sum[i] / weightSum;
            m2[i] += other.m2[i] + delta * delta * weightSum * other.weightSum / total;
            sum[i] += other.sum[i];
        }
        count += other.count;
        weightSum = total;
        weightSquareSum += other.weightSquareSum;
    }

    /** Weighted mean, NaN when empty. */
    public double mean(int i) {
        return count == 0 ? Double.NaN : sum[i] / weightSum;
    }

    /**
     * Unbiased weighted variance for reliability weights, Σw(x − x̄)² / (V1 − V2/V1); with unit weights this is
     * the sample variance with n − 1. NaN below two events.
     */
    public double variance(int i) {
        double denominator = weightSum - weightSquareSum / weightSum;
        if (count < 2 || !(denominator > 0)) {
            return Double.NaN;
        }
        return Math.max(m2[i], 0.0) / denominator;
    }

    public double standardDeviation(int i) {
        return Math.sqrt(variance(i));
    }

    /** s / √n_eff with Kish's effective sample size n_eff = (Σw)² / Σw². */
    public double standardError(int i) {
        return Math.sqrt(variance(i) * weightSquareSum) / weightSum;
    }
}

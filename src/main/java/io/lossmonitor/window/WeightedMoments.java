package io.lossmonitor.window;

/**
 * Weighted means and spreads of a fixed number of per-event values, updated one event at a time and mergeable
 * in any order (weighted Welford updates with Chan's merge), so a window never buffers its events.
 */
public class WeightedMoments {

    public long count;
    public double weightSum;
    public double weightSquareSum;
    public double[] mean;
    /** Σ w (x − mean)² per value. */
    public double[] m2;

    public WeightedMoments() {}

    public static WeightedMoments of(int dimensions) {
        WeightedMoments moments = new WeightedMoments();
        moments.mean = new double[dimensions];
        moments.m2 = new double[dimensions];
        return moments;
    }

    public void add(double weight, double[] values) {
        count++;
        weightSum += weight;
        weightSquareSum += weight * weight;
        double share = weight / weightSum;
        for (int i = 0; i < mean.length; i++) {
            double delta = values[i] - mean[i];
            mean[i] += delta * share;
            m2[i] += weight * delta * (values[i] - mean[i]);
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
            System.arraycopy(other.mean, 0, mean, 0, mean.length);
            System.arraycopy(other.m2, 0, m2, 0, m2.length);
            return;
        }
        double total = weightSum + other.weightSum;
        for (int i = 0; i < mean.length; i++) {
            double delta = other.mean[i] - mean[i];
            mean[i] += delta * other.weightSum / total;
            m2[i] += other.m2[i] + delta * delta * weightSum * other.weightSum / total;
        }
        count += other.count;
        weightSum = total;
        weightSquareSum += other.weightSquareSum;
    }

    /** Weighted mean, NaN when empty. */
    public double mean(int i) {
        return count == 0 ? Double.NaN : mean[i];
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

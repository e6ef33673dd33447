package io.lossmonitor.compare;

import org.apache.commons.math3.special.Erf;

/**
 * The running moments of one loss over paired predictions, as a Flink POJO: the count, both models' mean losses,
 * and the mean and sum of squared deviations of the differences d = challenger − champion; mergeable exactly
 * (Chan et al.), so panes combine into windows and windows into the cumulative comparison.
 */
public class PairedMoments {

    /** The two-sided 95 % normal quantile. */
    public static final double Z_95 = 1.959963984540054;

    public long n;
    public double championMean;
    public double challengerMean;
    /** Mean of the differences. */
    public double mean;
    /** Sum of squared deviations of the differences from their mean. */
    public double m2;

    public PairedMoments() {}

    public void add(double champion, double challenger) {
        n++;
        double d = challenger - champion;
        double delta = d - mean;
        mean += delta / n;
        m2 += delta * (d - mean);
        championMean += (champion - championMean) / n;
        challengerMean += (challenger - challengerMean) / n;
    }

    public void merge(PairedMoments other) {
        if (other.n == 0) {
            return;
        }
        long total = n + other.n;
        double share = (double) other.n / total;
        double delta = other.mean - mean;
        m2 += other.m2 + delta * delta * n * share;
        mean += delta * share;
        championMean += (other.championMean - championMean) * share;
        challengerMean += (other.challengerMean - challengerMean) * share;
        n = total;
    }

    public PairedMoments copy() {
        PairedMoments c = new PairedMoments();
        c.merge(this);
        return c;
    }

    /** The sample standard deviation of the differences (n − 1); NaN below two pairs. */
    public double standardDeviation() {
        return n < 2 ? Double.NaN : Math.sqrt(Math.max(m2, 0) / (n - 1));
    }

    /** s_d / √n; NaN below two pairs. */
    public double standardError() {
        return standardDeviation() / Math.sqrt(n);
    }

    public double ciLow() {
        return mean - Z_95 * standardError();
    }

    public double ciHigh() {
        return mean + Z_95 * standardError();
    }

    /**
     * The two-sided normal p-value of "no difference": 1 when every difference is 0, 0 when they are all the same
     * other value; NaN below two pairs.
     */
    public double pValue() {
        double se = standardError();
        if (Double.isNaN(se)) {
            return Double.NaN;
        }
        if (se == 0) {
            return mean == 0 ? 1.0 : 0.0;
        }
        return Erf.erfc(Math.abs(mean / se) / Math.sqrt(2));
    }
}

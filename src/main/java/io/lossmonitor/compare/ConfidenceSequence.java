package io.lossmonitor.compare;

import io.lossmonitor.metric.Metric;

/**
 * The anytime-valid 95 % confidence sequence for a mean difference (the asymptotic confidence sequence of
 * Waudby-Smith et al., "Time-uniform central limit theory and asymptotic confidence sequences"), tuned to be
 * tightest near 1,000 pairs: it may be read after every window without inflating the chance of a false verdict.
 */
public final class ConfidenceSequence {

    public static final double ALPHA = 0.05;
    /** ρ² = (−2 ln α + ln(−2 ln α + 1)) / 1000. */
    static final double RHO_SQUARED = (-2 * Math.log(ALPHA) + Math.log(-2 * Math.log(ALPHA) + 1)) / 1000;

    /** What the sequence says about the challenger so far. */
    public enum Verdict {
        WORSE("challenger worse"),
        BETTER("challenger better"),
        UNDECIDED("undecided");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** As in the comparison record, e.g. {@code challenger worse}. */
        public String text() {
            return text;
        }
    }

    private ConfidenceSequence() {}

    /** σ̂ · √(2(nρ² + 1)/(n²ρ²) · ln(√(nρ² + 1)/α)); NaN below two pairs. */
    public static double halfWidth(PairedMoments d) {
        if (d.n < 2) {
            return Double.NaN;
        }
        double n = d.n;
        double nRho = n * RHO_SQUARED;
        return d.standardDeviation()
                * Math.sqrt(2 * (nRho + 1) / (n * nRho) * Math.log(Math.sqrt(nRho + 1) / ALPHA));
    }

    public static double low(PairedMoments d) {
        return d.mean - halfWidth(d);
    }

    public static double high(PairedMoments d) {
        return d.mean + halfWidth(d);
    }

    /**
     * Of a metric that worsens upwards (a loss): worse when the whole sequence of challenger − champion lies above 0,
     * better when below, else undecided (also below two pairs). Of a metric where higher is better, the reverse.
     */
    public static Verdict verdict(PairedMoments d, Metric metric) {
        boolean above = low(d) > 0;
        boolean below = high(d) < 0;
        if (above || below) {
            return above != metric.higherIsBetter() ? Verdict.WORSE : Verdict.BETTER;
        }
        return Verdict.UNDECIDED;
    }
}

package io.lossmonitor.testing;

/**
 * A comparison's statistics computed from the pairs themselves, by their published definitions: two-pass moments,
 * the normal tail by numerical integration, and the asymptotic confidence sequence of Waudby-Smith et al.
 */
public final class PairedReference {

    private static final double ALPHA = 0.05;
    private static final double Z_95 = 1.959963984540054;

    public final int n;
    public final double championMean;
    public final double challengerMean;
    public final double mean;
    public final double sd;

    /** @param champion and {@code challenger}: the two models' losses, pair by pair */
    public PairedReference(double[] champion, double[] challenger) {
        n = champion.length;
        double c = 0;
        double h = 0;
        for (int i = 0; i < n; i++) {
            c += champion[i];
            h += challenger[i];
        }
        championMean = c / n;
        challengerMean = h / n;
        double d = 0;
        for (int i = 0; i < n; i++) {
            d += challenger[i] - champion[i];
        }
        mean = d / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double dev = challenger[i] - champion[i] - mean;
            squares += dev * dev;
        }
        sd = Math.sqrt(squares / (n - 1));
    }

    public double stderr() {
        return sd / Math.sqrt(n);
    }

    public double ciLow() {
        return mean - Z_95 * stderr();
    }

    public double ciHigh() {
        return mean + Z_95 * stderr();
    }

    /** 2 ∫_|z|^∞ φ(t) dt by Simpson's rule over 40 standard deviations. */
    public double pValue() {
        double z = Math.abs(mean / stderr());
        int steps = 400_000;
        double h = 40.0 / steps;
        double sum = density(z) + density(z + 40);
        for (int i = 1; i < steps; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * density(z + i * h);
        }
        return 2 * sum * h / 3;
    }

    private static double density(double t) {
        return Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
    }

    /** σ̂ √(2(nρ² + 1)/(n²ρ²) ln(√(nρ² + 1)/α)), ρ² = (−2 ln α + ln(−2 ln α + 1)) / 1000. */
    public double csHalfWidth() {
        double rho2 = (-2 * Math.log(ALPHA) + Math.log(-2 * Math.log(ALPHA) + 1)) / 1000;
        return sd * Math.sqrt(2 * (n * rho2 + 1) / ((double) n * n * rho2)
                * Math.log(Math.sqrt(n * rho2 + 1) / ALPHA));
    }

    public double csLow() {
        return mean - csHalfWidth();
    }

    public double csHigh() {
        return mean + csHalfWidth();
    }

    /** "challenger worse" when cs_low > 0, "challenger better" when cs_high < 0, else "undecided". */
    public String verdict() {
        if (csLow() > 0) {
            return "challenger worse";
        }
        return csHigh() < 0 ? "challenger better" : "undecided";
    }
}

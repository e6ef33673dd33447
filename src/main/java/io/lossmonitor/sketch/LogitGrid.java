package io.lossmonitor.sketch;

/**
 * The bins scores are kept in on the logit scale: 0.05 wide (a probability step of about 0.0125 near 0.5) up to
 * ±20.025, beyond that each ending 1.0025 times as far out as it starts, up to the largest double, so that every
 * finite score has a bin of its own neighbourhood; ±∞ (a probability of 0 or 1) has a bin of its own.
 */
public final class LogitGrid {

    /** Bin width of the even grid on the logit scale. */
    static final double WIDTH = 0.05;
    /** The bins of even width reach ±(400 + ½) widths, logits of ±20.025 (probabilities within 2e-9 of 0 or 1). */
    private static final int EVEN_BINS = 400;
    private static final double EVEN_END = (EVEN_BINS + 0.5) * WIDTH;
    /** Beyond, a bin is as wide as at the end of the even grid relative to its logit. */
    private static final double TAIL_GROWTH = Math.log1p(WIDTH / EVEN_END);
    /** The bin of the largest finite logit's magnitude. */
    private static final int LAST_FINITE = tailBin(Double.MAX_VALUE);
    /** The bin of +∞; −∞'s is its negative. */
    public static final int INFINITE = LAST_FINITE + 1;
    /**
     * Bins are written as steps from the one before, the first from this; it is the lowest bin of releases whose
     * grid ended at ±20, so that what they wrote reads as it was written (a lower bin's first step is negative).
     */
    static final int FIRST_STEP_FROM = -EVEN_BINS;

    private LogitGrid() {}

    /** The bin of a logit; NaN has none and must not be asked for. */
    public static int bin(double logit) {
        double magnitude = Math.abs(logit);
        int bin;
        if (magnitude < EVEN_END) {
            bin = (int) Math.round(magnitude / WIDTH);
        } else if (magnitude == Double.POSITIVE_INFINITY) {
            bin = INFINITE;
        } else {
            bin = tailBin(magnitude);
        }
        return logit < 0 ? -bin : bin;
    }

    /** The bin of a magnitude of at least {@link #EVEN_END}: the first beyond the even grid and one per growth step. */
    private static int tailBin(double magnitude) {
        return EVEN_BINS + 1 + (int) Math.max(0, Math.floor(Math.log(magnitude / EVEN_END) / TAIL_GROWTH));
    }

    /** The lower edge of a finite bin on the logit scale. */
    static double lowerEdge(int bin) {
        int magnitude = Math.abs(bin);
        if (magnitude <= EVEN_BINS) {
            return (bin - 0.5) * WIDTH;
        }
        double near = EVEN_END * Math.exp((magnitude - EVEN_BINS - 1) * TAIL_GROWTH);
        double far = EVEN_END * Math.exp((magnitude - EVEN_BINS) * TAIL_GROWTH);
        return bin > 0 ? near : -far;
    }

    /**
     * The middle of a bin on the logit scale, finite and below the next bin's for every finite bin (the last finite
     * bin ends at the largest double); ±∞ for the bins of ±∞.
     */
    public static double center(int bin) {
        if (Math.abs(bin) >= INFINITE) {
            return bin > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return Math.abs(bin) <= EVEN_BINS ? bin * WIDTH : finiteEdge(bin) / 2 + finiteEdge(bin + 1) / 2;
    }

    /** A bin's lower edge held within the finite doubles: the outermost finite bins end at the largest double. */
    private static double finiteEdge(int bin) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, lowerEdge(bin)));
    }

    /** Where in its bin a logit lies, from 0 (the lower edge) to 1; ±∞ is the one score of its bin, at 0. */
    static double placeInBin(double logit, int bin) {
        if (Math.abs(bin) == INFINITE) {
            return 0;
        }
        double low = finiteEdge(bin);
        double high = finiteEdge(bin + 1);
        // Halved, so that the width of the bins at the end of the doubles does not overflow.
        double place = (logit / 2 - low / 2) / (high / 2 - low / 2);
        return place >= 0 ? Math.min(1, place) : 0;
    }
}

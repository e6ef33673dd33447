package io.lossmonitor.sketch;

import java.util.function.IntToDoubleFunction;

/**
 * The area under a ROC curve whose steps are groups of tied scores, given in ascending order of score with the
 * weight of positives and of negatives of each: the chance that a positive scores above a negative, a tie counting
 * half, which is the area of the curve by trapezoids.
 */
public final class RocArea {

    private RocArea() {}

    /** The area over groups 0 to {@code groups} − 1; NaN without positives or without negatives. */
    public static double of(int groups, IntToDoubleFunction positives, IntToDoubleFunction negatives) {
        double positiveTotal = 0;
        double negativeTotal = 0;
        for (int g = 0; g < groups; g++) {
            positiveTotal += positives.applyAsDouble(g);
            negativeTotal += negatives.applyAsDouble(g);
        }
        if (positiveTotal == 0 || negativeTotal == 0) {
            return Double.NaN;
        }
        double concordant = 0;
        double negativesBelow = 0;
        for (int g = 0; g < groups; g++) {
            double n = negatives.applyAsDouble(g);
            concordant += positives.applyAsDouble(g) * (negativesBelow + 0.5 * n);
            negativesBelow += n;
        }
        return concordant / (positiveTotal * negativeTotal);
    }
}

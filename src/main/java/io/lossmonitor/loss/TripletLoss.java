package io.lossmonitor.loss;

/** The triplet loss max(d(a, p) − d(a, n) + m, 0) of one triplet, from its two distances. */
public final class TripletLoss {

    private TripletLoss() {}

    public static double of(double positiveDistance, double negativeDistance, double margin) {
        return Math.max(positiveDistance - negativeDistance + margin, 0.0);
    }

    /** Whether the negative is at least as close to the anchor as the positive: the triplet's ranking is wrong. */
    public static boolean wrong(double positiveDistance, double negativeDistance) {
        return positiveDistance >= negativeDistance;
    }
}

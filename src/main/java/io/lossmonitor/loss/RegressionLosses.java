package io.lossmonitor.loss;

/** Per-event regression metrics on the residual r = y − ŷ: squared, absolute, Huber and signed error. */
public final class RegressionLosses {

    public static final int SQUARED_ERROR = 0;
    public static final int ABSOLUTE_ERROR = 1;
    public static final int HUBER = 2;
    public static final int RESIDUAL = 3;

    /** Label-free signal slot: the prediction itself (its mean and spread are watched while labels are pending). */
    public static final int PREDICTION = 0;

    private RegressionLosses() {}

    public static void signals(double prediction, EventLosses out) {
        out.signals[PREDICTION] = prediction;
        out.signals[1] = 0.0;
    }

    public static void compute(double target, double prediction, LossParameters params, EventLosses out) {
        double r = target - prediction;
        out.losses[SQUARED_ERROR] = r * r;
        out.losses[ABSOLUTE_ERROR] = Math.abs(r);
        out.losses[HUBER] = Huber.loss(r, params.huberDelta());
        out.losses[RESIDUAL] = r;
        out.clipped = false;
    }
}

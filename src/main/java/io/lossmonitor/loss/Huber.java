package io.lossmonitor.loss;

/** The Huber loss: quadratic within δ of the target, linear beyond it (PyTorch {@code HuberLoss}). */
public final class Huber {

    private Huber() {}

    /** ½r² if |r| ≤ δ, else δ(|r| − ½δ). */
    public static double loss(double residual, double delta) {
        double abs = Math.abs(residual);
        return abs <= delta ? 0.5 * residual * residual : delta * (abs - 0.5 * delta);
    }
}

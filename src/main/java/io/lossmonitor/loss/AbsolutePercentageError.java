package io.lossmonitor.loss;

/** The absolute percentage error of one regression event, |r| / max(|y|, ε_machine) (scikit-learn's MAPE term). */
public final class AbsolutePercentageError {

    /** numpy's machine epsilon for doubles, the floor scikit-learn puts under |y|. */
    static final double FLOOR = 2.220446049250313e-16;

    private AbsolutePercentageError() {}

    public static double of(ScoredEvent e) {
        return Math.abs(e.residual()) / Math.max(Math.abs(e.target()), FLOOR);
    }
}

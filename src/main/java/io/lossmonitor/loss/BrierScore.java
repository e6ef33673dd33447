package io.lossmonitor.loss;

/** The Brier score of one event, Σ_c (p_c − y_c)² over one-hot y (binary: (p − y)², as scikit-learn defines it). */
public final class BrierScore {

    private BrierScore() {}

    public static double of(ScoredEvent e) {
        if (e.binary()) {
            double d = e.probability(1) - e.label();
            return d * d;
        }
        double sum = 0.0;
        for (int c = 0; c < e.classes(); c++) {
            double d = e.probability(c) - (c == e.label() ? 1.0 : 0.0);
            sum += d * d;
        }
        return sum;
    }
}

package io.lossmonitor.loss;

/** The focal loss of one event, −α_t (1 − p_t)^γ ln p_t (torchvision {@code sigmoid_focal_loss}). */
public final class FocalLoss {

    private FocalLoss() {}

    /** The focal loss of a labelled event: α_t from {@code params} for a binary classifier, 1 for a multiclass one. */
    public static double of(ScoredEvent e, LossParameters params) {
        double alphaT = e.binary() ? params.focalAlphaFor(e.label()) : 1.0;
        return of(e.crossEntropy(), e.pFalse(), params.focalGamma(), alphaT);
    }

    /**
     * @param crossEntropy −ln p_t, already clipped or computed in log space
     * @param pFalse 1 − p_t, the probability the model gave to everything but the true class
     * @param gamma focusing parameter γ
     * @param alphaT class weight α_t
     */
    public static double of(double crossEntropy, double pFalse, double gamma, double alphaT) {
        double modulating = gamma == 2.0 ? pFalse * pFalse : Math.pow(pFalse, gamma);
        return alphaT * modulating * crossEntropy;
    }
}

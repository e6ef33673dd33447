package io.lossmonitor.loss;

/**
 * Per-event classification metrics (error indicator, cross-entropy, focal loss, Brier score) and label-free
 * signals (entropy, confidence), from probabilities or from logits.
 *
 * <p>Logits stay in log space (log-sigmoid, log-softmax), so a confident wrong logit of 60 costs 60 nats rather
 * than the −ln ε ≈ 34.5 a clipped probability would give.
 */
public final class ClassificationLosses {

    public static final int ERROR = 0;
    public static final int CROSS_ENTROPY = 1;
    public static final int FOCAL_LOSS = 2;
    public static final int BRIER = 3;

    public static final int ENTROPY = 0;
    public static final int CONFIDENCE = 1;

    private ClassificationLosses() {}

    /** Binary event given P(class 1) = p. */
    public static void binaryFromProbability(double p, int label, boolean labelled, LossParameters params,
                                             EventLosses out) {
        out.signals[ENTROPY] = PredictiveEntropy.binary(p);
        out.signals[CONFIDENCE] = Math.max(p, 1.0 - p);
        if (!labelled) {
            return;
        }
        double pTrue = label == 1 ? p : 1.0 - p;
        double crossEntropy = CrossEntropy.ofProbability(pTrue, params.epsilon());
        int predicted = p >= 0.5 ? 1 : 0;
        out.losses[ERROR] = predicted == label ? 0.0 : 1.0;
        out.losses[CROSS_ENTROPY] = crossEntropy;
        out.losses[FOCAL_LOSS] = FocalLoss.of(crossEntropy, 1.0 - pTrue, params.focalGamma(),
                params.focalAlphaFor(label));
        out.losses[BRIER] = BrierScore.binary(p, label);
        out.clipped = CrossEntropy.isClipped(pTrue, params.epsilon());
    }

    /** Binary event given the logit z, P(class 1) = σ(z). */
    public static void binaryFromLogit(double z, int label, boolean labelled, LossParameters params,
                                       EventLosses out) {
        double logP1 = LogSpace.logSigmoid(z);
        double logP0 = LogSpace.logSigmoid(-z);
        double p1 = Math.exp(logP1);
        double p0 = Math.exp(logP0);
        out.signals[ENTROPY] = -(p1 * logP1 + p0 * logP0);
        out.signals[CONFIDENCE] = Math.max(p1, p0);
        if (!labelled) {
            return;
        }
        double crossEntropy = label == 1 ? -logP1 : -logP0;
        double pFalse = label == 1 ? p0 : p1;
        int predicted = z >= 0 ? 1 : 0;
        out.losses[ERROR] = predicted == label ? 0.0 : 1.0;
        out.losses[CROSS_ENTROPY] = crossEntropy;
        out.losses[FOCAL_LOSS] = FocalLoss.of(crossEntropy, pFalse, params.focalGamma(),
                params.focalAlphaFor(label));
        out.losses[BRIER] = BrierScore.binary(p1, label);
        out.clipped = false;
    }

    /** Multi-class event given a distribution that sums to 1. */
    public static void multiclassFromProbabilities(double[] probabilities, int label, boolean labelled,
                                                   LossParameters params, EventLosses out) {
        int argmax = argmax(probabilities);
        out.signals[ENTROPY] = PredictiveEntropy.of(probabilities);
        out.signals[CONFIDENCE] = probabilities[argmax];
        if (!labelled) {
            return;
        }
        double pTrue = probabilities[label];
        double crossEntropy = CrossEntropy.ofProbability(pTrue, params.epsilon());
        out.losses[ERROR] = argmax == label ? 0.0 : 1.0;
        out.losses[CROSS_ENTROPY] = crossEntropy;
        out.losses[FOCAL_LOSS] = FocalLoss.of(crossEntropy, 1.0 - pTrue, params.focalGamma(), 1.0);
        out.losses[BRIER] = BrierScore.multiclass(probabilities, label);
        out.clipped = CrossEntropy.isClipped(pTrue, params.epsilon());
    }

    /** Multi-class event given logits, P = softmax(z). */
    public static void multiclassFromLogits(double[] logits, int label, boolean labelled, LossParameters params,
                                            EventLosses out) {
        int k = logits.length;
        double logNormalizer = LogSpace.logSumExp(logits);
        double[] probabilities = out.scratch(k);
        double entropy = 0.0;
        for (int c = 0; c < k; c++) {
            double logP = logits[c] - logNormalizer;
            double p = Math.exp(logP);
            probabilities[c] = p;
            entropy -= p * logP;
        }
        int argmax = argmax(logits);
        out.signals[ENTROPY] = entropy;
        out.signals[CONFIDENCE] = probabilities[argmax];
        if (!labelled) {
            return;
        }
        // 1 − p_true as the sum of the other classes keeps precision when p_true is close to 1.
        double pFalse = 0.0;
        double brier = 0.0;
        for (int c = 0; c < k; c++) {
            double d = probabilities[c];
            if (c == label) {
                d -= 1.0;
            } else {
                pFalse += probabilities[c];
            }
            brier += d * d;
        }
        double crossEntropy = logNormalizer - logits[label];
        out.losses[ERROR] = argmax == label ? 0.0 : 1.0;
        out.losses[CROSS_ENTROPY] = crossEntropy;
        out.losses[FOCAL_LOSS] = FocalLoss.of(crossEntropy, pFalse, params.focalGamma(), 1.0);
        out.losses[BRIER] = brier;
        out.clipped = false;
    }

    /** Index of the largest value; ties go to the first. */
    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}

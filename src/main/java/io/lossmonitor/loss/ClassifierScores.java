package io.lossmonitor.loss;

/**
 * Scores a classifier's event from whichever form its prediction takes (a probability, a logit, a distribution or
 * logits): class probabilities, predicted class, entropy and, when labelled, the true class's cross-entropy.
 *
 * <p>Logits stay in log space (log-sigmoid, log-softmax), so a confident wrong logit of 60 costs 60 nats rather
 * than the −ln ε ≈ 34.5 a clipped probability would give.
 */
public final class ClassifierScores {

    private ClassifierScores() {}

    /** Binary event given P(class 1) = p. */
    public static void fromProbability(double p, int label, boolean labelled, LossParameters params,
                                       ScoredEvent out) {
        double[] probabilities = out.classification(2, true, labelled, label);
        probabilities[0] = 1.0 - p;
        probabilities[1] = p;
        out.logit(Math.log(p) - Math.log1p(-p));
        out.predicted(p >= 0.5 ? 1 : 0, PredictiveEntropy.binary(p));
        if (labelled) {
            double pTrue = label == 1 ? p : 1.0 - p;
            out.truth(CrossEntropy.ofProbability(pTrue, params.epsilon()), 1.0 - pTrue,
                    CrossEntropy.isClipped(pTrue, params.epsilon()));
        }
    }

    /** Binary event given the logit z, P(class 1) = σ(z). */
    public static void fromLogit(double z, int label, boolean labelled, ScoredEvent out) {
        double logP1 = LogSpace.logSigmoid(z);
        double logP0 = LogSpace.logSigmoid(-z);
        double[] probabilities = out.classification(2, true, labelled, label);
        probabilities[0] = Math.exp(logP0);
        probabilities[1] = Math.exp(logP1);
        out.logit(z);
        out.predicted(z >= 0 ? 1 : 0, -(probabilities[1] * logP1 + probabilities[0] * logP0));
        if (labelled) {
            out.truth(label == 1 ? -logP1 : -logP0, label == 1 ? probabilities[0] : probabilities[1], false);
        }
    }

    /** Multi-class event given a distribution that sums to 1. */
    public static void fromProbabilities(double[] distribution, int label, boolean labelled, LossParameters params,
                                         ScoredEvent out) {
        int k = distribution.length;
        double[] probabilities = out.classification(k, false, labelled, label);
        System.arraycopy(distribution, 0, probabilities, 0, k);
        out.predicted(argmax(distribution), PredictiveEntropy.of(distribution));
        if (labelled) {
            double pTrue = distribution[label];
            out.truth(CrossEntropy.ofProbability(pTrue, params.epsilon()), 1.0 - pTrue,
                    CrossEntropy.isClipped(pTrue, params.epsilon()));
        }
    }

    /** Multi-class event given logits, P = softmax(z). */
    public static void fromLogits(double[] logits, int label, boolean labelled, ScoredEvent out) {
        int k = logits.length;
        double logNormalizer = LogSpace.logSumExp(logits);
        double[] probabilities = out.classification(k, false, labelled, label);
        double entropy = 0.0;
        for (int c = 0; c < k; c++) {
            double logP = logits[c] - logNormalizer;
            double p = Math.exp(logP);
            probabilities[c] = p;
            entropy -= p * logP;
        }
        out.predicted(argmax(logits), entropy);
        if (labelled) {
            // 1 − p_true as the sum of the other classes keeps precision when p_true is close to 1.
            double pFalse = 0.0;
            for (int c = 0; c < k; c++) {
                if (c != label) {
                    pFalse += probabilities[c];
                }
            }
            out.truth(logNormalizer - logits[label], pFalse, false);
        }
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

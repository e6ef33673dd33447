package io.lossmonitor.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Per-event classification losses of scored events against the reference conventions, each recomputed here the way
 * the reference library writes it (scikit-learn's clipped log loss, PyTorch's BCE-with-logits and torchvision's focal
 * loss).
 */
class ClassifierScoresTest {

    private static final LossParameters DEFAULTS = LossParameters.DEFAULTS;
    private static final double RELATIVE = 1e-12;

    @Test
    void binaryProbabilityMatchesScikitLearnAndTorchvision() {
        ScoredEvent out = new ScoredEvent();
        for (double p : new double[] {0.01, 0.3, 0.5, 0.77, 0.999}) {
            for (int y = 0; y <= 1; y++) {
                ClassifierScores.fromProbability(p, y, true, DEFAULTS, out);
                double logLoss = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
                double pT = p * y + (1 - p) * (1 - y);
                double alphaT = 0.25 * y + 0.75 * (1 - y);
                double focal = alphaT * logLoss * Math.pow(1 - pT, 2);
                assertThat(out.crossEntropy()).as("log loss p=%s y=%s", p, y)
                        .isCloseTo(logLoss, within(RELATIVE * logLoss + 1e-15));
                assertThat(FocalLoss.of(out, DEFAULTS)).as("focal p=%s y=%s", p, y)
                        .isCloseTo(focal, within(RELATIVE * focal + 1e-15));
                assertThat(BrierScore.of(out)).as("brier").isEqualTo((p - y) * (p - y));
                assertThat(out.error()).as("error p=%s y=%s", p, y)
                        .isEqualTo((p >= 0.5 ? 1 : 0) == y ? 0.0 : 1.0);
            }
        }
    }

    @Test
    void binaryLogitMatchesTorchBceWithLogitsAndSigmoidFocalLoss() {
        ScoredEvent out = new ScoredEvent();
        for (double x : new double[] {-7.5, -1.2, 0.0, 0.4, 3.3, 12.0}) {
            for (int y = 0; y <= 1; y++) {
                ClassifierScores.fromLogit(x, y, true, out);
                // torch.nn.functional.binary_cross_entropy_with_logits, as PyTorch writes it
                double bce = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                double p = 1 / (1 + Math.exp(-x));
                double pT = p * y + (1 - p) * (1 - y);
                double focal = (0.25 * y + 0.75 * (1 - y)) * bce * Math.pow(1 - pT, 2);
                assertThat(out.crossEntropy()).as("bce x=%s y=%s", x, y)
                        .isCloseTo(bce, within(1e-12 * bce + 1e-15));
                assertThat(FocalLoss.of(out, DEFAULTS)).as("focal x=%s y=%s", x, y)
                        .isCloseTo(focal, within(1e-9 * focal + 1e-15));
                assertThat(BrierScore.of(out)).as("brier x=%s y=%s", x, y)
                        .isCloseTo((p - y) * (p - y), within(1e-12));
            }
        }
    }

    @Test
    void aConfidentWrongLogitCostsItsFullMagnitude() {
        ScoredEvent out = new ScoredEvent();
        ClassifierScores.fromLogit(-60, 1, true, out);
        assertThat(out.crossEntropy()).as("log-sigmoid keeps the 60 nats, no clip at 34.5")
                .isCloseTo(60.0, within(1e-12));
        assertThat(out.clipped()).isFalse();
        ClassifierScores.fromLogit(60, 0, true, out);
        assertThat(out.crossEntropy()).isCloseTo(60.0, within(1e-12));
        ClassifierScores.fromLogits(new double[] {60, 0, 0}, 1, true, out);
        assertThat(out.crossEntropy()).as("log-softmax")
                .isCloseTo(60.0 + Math.log1p(2 * Math.exp(-60)), within(1e-12));
    }

    @Test
    void aZeroProbabilityIsClippedAndCounted() {
        ScoredEvent out = new ScoredEvent();
        ClassifierScores.fromProbability(0.0, 1, true, DEFAULTS, out);
        assertThat(out.crossEntropy()).as("-ln(1e-15)")
                .isCloseTo(34.538776394910684, within(1e-12));
        assertThat(out.clipped()).isTrue();
        ClassifierScores.fromProbability(1.0, 1, true, DEFAULTS, out);
        assertThat(out.clipped()).as("a certain, correct prediction is not a clipped loss").isFalse();
    }

    @Test
    void multiclassLogitsEqualTheirSoftmaxProbabilities() {
        double[] logits = {2.0, -1.0, 0.5, 0.0};
        double z = 0;
        for (double l : logits) {
            z += Math.exp(l);
        }
        double[] probabilities = new double[logits.length];
        for (int c = 0; c < logits.length; c++) {
            probabilities[c] = Math.exp(logits[c]) / z;
        }
        ScoredEvent fromLogits = new ScoredEvent();
        ScoredEvent fromProbabilities = new ScoredEvent();
        for (int label = 0; label < logits.length; label++) {
            ClassifierScores.fromLogits(logits, label, true, fromLogits);
            ClassifierScores.fromProbabilities(probabilities, label, true, DEFAULTS, fromProbabilities);
            assertThat(fromLogits.error()).as("error, label %s", label).isEqualTo(fromProbabilities.error());
            assertThat(fromLogits.crossEntropy()).as("cross-entropy, label %s", label)
                    .isCloseTo(fromProbabilities.crossEntropy(), within(1e-12));
            assertThat(FocalLoss.of(fromLogits, DEFAULTS)).as("focal loss, label %s", label)
                    .isCloseTo(FocalLoss.of(fromProbabilities, DEFAULTS), within(1e-12));
            assertThat(BrierScore.of(fromLogits)).as("brier, label %s", label)
                    .isCloseTo(BrierScore.of(fromProbabilities), within(1e-12));
            assertThat(fromLogits.entropy()).isCloseTo(fromProbabilities.entropy(), within(1e-12));
            assertThat(fromLogits.confidence()).isCloseTo(fromProbabilities.confidence(), within(1e-12));
        }
    }

    @Test
    void multiclassFocalLossHasNoAlphaAndTiesPredictTheFirstClass() {
        ScoredEvent out = new ScoredEvent();
        ClassifierScores.fromProbabilities(new double[] {0.4, 0.4, 0.2}, 1, true, DEFAULTS, out);
        assertThat(out.error()).as("tie goes to class 0, label is 1").isEqualTo(1.0);
        assertThat(FocalLoss.of(out, DEFAULTS)).isCloseTo(0.36 * -Math.log(0.4), within(1e-15));
        assertThat(BrierScore.of(out)).isCloseTo(0.16 + 0.36 + 0.04, within(1e-15));
    }

    @Test
    void negativeAlphaDisablesTheBinaryClassWeight() {
        ScoredEvent out = new ScoredEvent();
        LossParameters noAlpha = new LossParameters(1.0, 2.0, -1.0, 1e-15);
        ClassifierScores.fromProbability(0.3, 1, true, noAlpha, out);
        assertThat(FocalLoss.of(out, noAlpha)).isCloseTo(0.49 * -Math.log(0.3), within(1e-15));
    }
}

package io.lossmonitor.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Per-event classification losses against the reference conventions, each recomputed here the way the reference
 * library writes it (scikit-learn's clipped log loss, PyTorch's BCE-with-logits and torchvision's focal loss).
 */
class ClassificationLossesTest {

    private static final LossParameters DEFAULTS = LossParameters.DEFAULTS;
    private static final double RELATIVE = 1e-12;

    @Test
    void binaryProbabilityMatchesScikitLearnAndTorchvision() {
        EventLosses out = new EventLosses();
        for (double p : new double[] {0.01, 0.3, 0.5, 0.77, 0.999}) {
            for (int y = 0; y <= 1; y++) {
                ClassificationLosses.binaryFromProbability(p, y, true, DEFAULTS, out);
                double logLoss = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
                double pT = p * y + (1 - p) * (1 - y);
                double alphaT = 0.25 * y + 0.75 * (1 - y);
                double focal = alphaT * logLoss * Math.pow(1 - pT, 2);
                assertThat(out.losses[ClassificationLosses.CROSS_ENTROPY]).as("log loss p=%s y=%s", p, y)
                        .isCloseTo(logLoss, within(RELATIVE * logLoss + 1e-15));
                assertThat(out.losses[ClassificationLosses.FOCAL_LOSS]).as("focal p=%s y=%s", p, y)
                        .isCloseTo(focal, within(RELATIVE * focal + 1e-15));
                assertThat(out.losses[ClassificationLosses.BRIER]).as("brier").isEqualTo((p - y) * (p - y));
                assertThat(out.losses[ClassificationLosses.ERROR]).as("error p=%s y=%s", p, y)
                        .isEqualTo((p >= 0.5 ? 1 : 0) == y ? 0.0 : 1.0);
            }
        }
    }

    @Test
    void binaryLogitMatchesTorchBceWithLogitsAndSigmoidFocalLoss() {
        EventLosses out = new EventLosses();
        for (double x : new double[] {-7.5, -1.2, 0.0, 0.4, 3.3, 12.0}) {
            for (int y = 0; y <= 1; y++) {
                ClassificationLosses.binaryFromLogit(x, y, true, DEFAULTS, out);
                // torch.nn.functional.binary_cross_entropy_with_logits, as PyTorch writes it
                double bce = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                double p = 1 / (1 + Math.exp(-x));
                double pT = p * y + (1 - p) * (1 - y);
                double focal = (0.25 * y + 0.75 * (1 - y)) * bce * Math.pow(1 - pT, 2);
                assertThat(out.losses[ClassificationLosses.CROSS_ENTROPY]).as("bce x=%s y=%s", x, y)
                        .isCloseTo(bce, within(1e-12 * bce + 1e-15));
                assertThat(out.losses[ClassificationLosses.FOCAL_LOSS]).as("focal x=%s y=%s", x, y)
                        .isCloseTo(focal, within(1e-9 * focal + 1e-15));
                assertThat(out.losses[ClassificationLosses.BRIER]).as("brier x=%s y=%s", x, y)
                        .isCloseTo((p - y) * (p - y), within(1e-12));
            }
        }
    }

    @Test
    void aConfidentWrongLogitCostsItsFullMagnitude() {
        EventLosses out = new EventLosses();
        ClassificationLosses.binaryFromLogit(-60, 1, true, DEFAULTS, out);
        assertThat(out.losses[ClassificationLosses.CROSS_ENTROPY]).as("log-sigmoid keeps the 60 nats, no clip at 34.5")
                .isCloseTo(60.0, within(1e-12));
        assertThat(out.clipped).isFalse();
        ClassificationLosses.binaryFromLogit(60, 0, true, DEFAULTS, out);
        assertThat(out.losses[ClassificationLosses.CROSS_ENTROPY]).isCloseTo(60.0, within(1e-12));
        ClassificationLosses.multiclassFromLogits(new double[] {60, 0, 0}, 1, true, DEFAULTS, out);
        assertThat(out.losses[ClassificationLosses.CROSS_ENTROPY]).as("log-softmax")
                .isCloseTo(60.0 + Math.log1p(2 * Math.exp(-60)), within(1e-12));
    }

    @Test
    void aZeroProbabilityIsClippedAndCounted() {
        EventLosses out = new EventLosses();
        ClassificationLosses.binaryFromProbability(0.0, 1, true, DEFAULTS, out);
        assertThat(out.losses[ClassificationLosses.CROSS_ENTROPY]).as("-ln(1e-15)")
                .isCloseTo(34.538776394910684, within(1e-12));
        assertThat(out.clipped).isTrue();
        ClassificationLosses.binaryFromProbability(1.0, 1, true, DEFAULTS, out);
        assertThat(out.clipped).as("a certain, correct prediction is not a clipped loss").isFalse();
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
        EventLosses fromLogits = new EventLosses();
        EventLosses fromProbabilities = new EventLosses();
        for (int label = 0; label < logits.length; label++) {
            ClassificationLosses.multiclassFromLogits(logits, label, true, DEFAULTS, fromLogits);
            ClassificationLosses.multiclassFromProbabilities(probabilities, label, true, DEFAULTS, fromProbabilities);
            for (int s = 0; s < EventLosses.LOSS_SLOTS; s++) {
                assertThat(fromLogits.losses[s]).as("slot %s label %s", s, label)
                        .isCloseTo(fromProbabilities.losses[s], within(1e-12));
            }
            assertThat(fromLogits.signals[ClassificationLosses.ENTROPY])
                    .isCloseTo(fromProbabilities.signals[ClassificationLosses.ENTROPY], within(1e-12));
        }
    }

    @Test
    void multiclassFocalLossHasNoAlphaAndTiesPredictTheFirstClass() {
        EventLosses out = new EventLosses();
        ClassificationLosses.multiclassFromProbabilities(new double[] {0.4, 0.4, 0.2}, 1, true, DEFAULTS, out);
        assertThat(out.losses[ClassificationLosses.ERROR]).as("tie goes to class 0, label is 1").isEqualTo(1.0);
        assertThat(out.losses[ClassificationLosses.FOCAL_LOSS]).isCloseTo(0.36 * -Math.log(0.4), within(1e-15));
        assertThat(out.losses[ClassificationLosses.BRIER]).isCloseTo(0.16 + 0.36 + 0.04, within(1e-15));
    }

    @Test
    void negativeAlphaDisablesTheBinaryClassWeight() {
        EventLosses out = new EventLosses();
        LossParameters noAlpha = new LossParameters(1.0, 2.0, -1.0, 1e-15);
        ClassificationLosses.binaryFromProbability(0.3, 1, true, noAlpha, out);
        assertThat(out.losses[ClassificationLosses.FOCAL_LOSS]).isCloseTo(0.49 * -Math.log(0.3), within(1e-15));
    }
}

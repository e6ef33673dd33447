package io.lossmonitor.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.sketch.ScoreCells;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Estimates made on score cells against the same estimates made event by event from their definitions
 * ({@link CbpeReference}), within 0.005: a calibration map learned on a reference, applied to a window whose scores
 * have moved (covariate shift).
 */
class PerformanceEstimateTest {

    private static final double TOLERANCE = 0.005;
    private static final double EPSILON = 1e-15;

    @Test
    void binaryEstimatesOnCellsAreWithinHalfAPercentOfThePerEventDefinitions() {
        Random random = new Random(11);
        // A model over-confident by a factor 1.6 in the logit, so that the map has something to correct.
        int referenceSize = 4_000;
        double[] refScores = new double[referenceSize];
        double[] refLabels = new double[referenceSize];
        double[] refWeights = new double[referenceSize];
        ScoreCells reference = new ScoreCells();
        for (int i = 0; i < referenceSize; i++) {
            double truth = 1.5 * random.nextGaussian();
            refScores[i] = 1.6 * truth;
            refLabels[i] = random.nextDouble() < sigmoid(truth) ? 1 : 0;
            refWeights[i] = 1 + random.nextInt(3);
            reference.addOutcome(refScores[i], refScores[i] >= 0, refLabels[i] == 1, refWeights[i]);
        }
        int windowSize = 1_500;
        double[] scores = new double[windowSize];
        double[] weights = new double[windowSize];
        ScoreCells window = new ScoreCells();
        for (int j = 0; j < windowSize; j++) {
            scores[j] = 1.6 * (1.5 * random.nextGaussian() + 0.8);
            weights[j] = 1 + random.nextInt(3);
            window.addPrediction(scores[j], scores[j] >= 0, weights[j]);
        }

        PerformanceEstimate estimate = PerformanceEstimate.estimate(Task.BINARY, window,
                ReferenceOutcomes.of(reference), 500, EPSILON);
        CbpeReference.Binary expected = new CbpeReference(refScores, refLabels, refWeights)
                .binary(scores, weights, EPSILON);

        assertThat(estimate.value(Metric.ESTIMATION_REFERENCE_LABELS)).as("the reference's weight")
                .isEqualTo(sum(refWeights));
        assertThat(estimate.value(Metric.ESTIMATED_ACCURACY)).as("accuracy")
                .isCloseTo(expected.accuracy(), within(TOLERANCE));
        assertThat(estimate.value(Metric.ESTIMATED_ERROR_RATE)).as("error rate")
                .isCloseTo(1 - expected.accuracy(), within(TOLERANCE));
        assertThat(estimate.standardError(Metric.ESTIMATED_ACCURACY)).as("standard error")
                .isCloseTo(expected.standardError(), within(TOLERANCE / 10));
        assertThat(estimate.value(Metric.ESTIMATED_PRECISION)).as("precision")
                .isCloseTo(expected.precision(), within(TOLERANCE));
        assertThat(estimate.value(Metric.ESTIMATED_RECALL)).as("recall")
                .isCloseTo(expected.recall(), within(TOLERANCE));
        assertThat(estimate.value(Metric.ESTIMATED_F1)).as("f1").isCloseTo(expected.f1(), within(TOLERANCE));
        assertThat(estimate.value(Metric.ESTIMATED_CROSS_ENTROPY)).as("cross-entropy")
                .isCloseTo(expected.crossEntropy(), within(TOLERANCE));
        assertThat(estimate.value(Metric.ESTIMATED_BRIER)).as("brier").isCloseTo(expected.brier(), within(TOLERANCE));
        assertThat(estimate.value(Metric.ESTIMATED_ROC_AUC)).as("roc auc")
                .isCloseTo(expected.rocAuc(), within(TOLERANCE));
    }

    @Test
    void multiclassAccuracyIsEstimatedFromTheTopLabelConfidence() {
        Random random = new Random(17);
        int referenceSize = 3_000;
        double[] refConfidence = new double[referenceSize];
        double[] refRight = new double[referenceSize];
        double[] refWeights = new double[referenceSize];
        ScoreCells reference = new ScoreCells();
        for (int i = 0; i < referenceSize; i++) {
            refConfidence[i] = 0.25 + 0.75 * random.nextDouble();
            // Right less often than it claims: accuracy = confidence².
            refRight[i] = random.nextDouble() < refConfidence[i] * refConfidence[i] ? 1 : 0;
            refWeights[i] = 1;
            reference.addOutcome(logit(refConfidence[i]), true, refRight[i] == 1, 1);
        }
        int windowSize = 1_000;
        double[] confidence = new double[windowSize];
        double[] weights = new double[windowSize];
        ScoreCells window = new ScoreCells();
        for (int j = 0; j < windowSize; j++) {
            confidence[j] = 0.5 + 0.5 * random.nextDouble();
            weights[j] = 2;
            window.addPrediction(logit(confidence[j]), true, weights[j]);
        }

        PerformanceEstimate estimate = PerformanceEstimate.estimate(Task.MULTICLASS, window,
                ReferenceOutcomes.of(reference), 500, EPSILON);
        double[] expected = new CbpeReference(refConfidence, refRight, refWeights).multiclassAccuracy(confidence,
                weights);

        assertThat(estimate.value(Metric.ESTIMATED_ACCURACY)).isCloseTo(expected[0], within(TOLERANCE));
        assertThat(estimate.standardError(Metric.ESTIMATED_ERROR_RATE)).isCloseTo(expected[1], within(TOLERANCE / 10));
        assertThat(estimate.value(Metric.ESTIMATED_ROC_AUC)).as("binary only").isNaN();
    }

    @Test
    void noEstimateBelowTheMinimumLabelsOrWithOneKindOfOutcomeOnly() {
        ScoreCells window = new ScoreCells();
        window.addPrediction(0.3, true, 1);
        ScoreCells few = new ScoreCells();
        for (int i = 0; i < 499; i++) {
            few.addOutcome(i % 7 - 3, i % 7 >= 3, i % 2 == 0, 1);
        }
        PerformanceEstimate tooFew = PerformanceEstimate.estimate(Task.BINARY, window, ReferenceOutcomes.of(few), 500,
                EPSILON);
        assertThat(tooFew.value(Metric.ESTIMATION_REFERENCE_LABELS)).isEqualTo(499);
        assertThat(tooFew.value(Metric.ESTIMATED_ACCURACY)).as("499 of 500 labels").isNaN();

        ScoreCells allPositive = new ScoreCells();
        allPositive.addOutcome(1.0, true, true, 1_000);
        PerformanceEstimate oneKind = PerformanceEstimate.estimate(Task.BINARY, window,
                ReferenceOutcomes.of(allPositive), 500, EPSILON);
        assertThat(oneKind.value(Metric.ESTIMATION_REFERENCE_LABELS)).isEqualTo(1_000);
        assertThat(oneKind.value(Metric.ESTIMATED_ERROR_RATE)).as("a reference of one label only").isNaN();

        PerformanceEstimate none = PerformanceEstimate.estimate(Task.BINARY, window, new ReferenceOutcomes(), 500,
                EPSILON);
        assertThat(none.value(Metric.ESTIMATION_REFERENCE_LABELS)).isZero();
    }

    @Test
    void aLogitOfTheLargestDoubleBesideAProbabilityOfOneStillEstimates() {
        // Once the last finite logit bin's centre overflowed to +∞, sat on the cell of a probability of 1, and the
        // isotonic fit threw on every window of the model, in a restart loop.
        ScoreCells reference = new ScoreCells();
        for (int i = 0; i < 600; i++) {
            reference.addOutcome(i % 2 == 0 ? 1.7e308 : Double.POSITIVE_INFINITY, true, i % 3 != 0, 1);
            reference.addOutcome(-1.7e308 + i, false, i % 3 == 0, 1);
        }
        ScoreCells window = new ScoreCells();
        window.addPrediction(Double.MAX_VALUE, true, 1);
        window.addPrediction(Double.POSITIVE_INFINITY, true, 1);
        window.addPrediction(0.2, true, 1);
        PerformanceEstimate estimate = PerformanceEstimate.estimate(Task.BINARY, window,
                ReferenceOutcomes.of(reference), 500, EPSILON);
        assertThat(estimate.value(Metric.ESTIMATED_ACCURACY)).as("estimated from 1,200 outcomes").isBetween(0.0, 1.0);
        assertThat(estimate.value(Metric.ESTIMATED_ROC_AUC)).isBetween(0.0, 1.0);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double logit(double p) {
        return Math.log(p) - Math.log1p(-p);
    }
}

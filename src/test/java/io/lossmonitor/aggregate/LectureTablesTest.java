package io.lossmonitor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.ClassifierScores;
import io.lossmonitor.loss.Huber;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.PredictiveEntropy;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.metric.Metric;
import org.junit.jupiter.api.Test;

/**
 * The worked tables of the loss-function lecture the project comes from, recomputed through the loss classes and a
 * window's accumulator, as the job publishes them. The lecture rounds to two or three decimals, so that is the
 * tolerance for its printed values.
 */
class LectureTablesTest {

    private static final double[] RESIDUALS = {-10, -5, 0, 5, 10};
    private static final double[] RESIDUALS_WITH_OUTLIER = {-10, -5, 0, 5, 100};

    /** Lecture "Model 1": rows of (male, female, other) probabilities; targets male, female, male, other. */
    private static final double[][] MODEL_1 = {{0.4, 0.3, 0.3}, {0.3, 0.4, 0.3}, {0.5, 0.2, 0.3}, {0.8, 0.1, 0.1}};
    /** Lecture "Model 2": same targets, better probabilities, same error rate. */
    private static final double[][] MODEL_2 = {{0.7, 0.1, 0.2}, {0.1, 0.8, 0.1}, {0.9, 0.1, 0.0}, {0.4, 0.3, 0.3}};
    private static final int[] TARGETS = {0, 1, 0, 2};

    @Test
    void maeRmseAndHuberOfTheResidualTable() {
        LossAggregate window = regression(RESIDUALS, 1.0);
        assertThat(window.value(Metric.MAE)).as("MAE").isEqualTo(6.0, within(1e-12));
        assertThat(window.value(Metric.RMSE)).as("RMSE").isEqualTo(7.07, within(0.005));
        assertThat(window.value(Metric.HUBER)).as("mean Huber, delta 1").isEqualTo(5.6, within(1e-12));
        assertThat(regression(RESIDUALS, 10.0).value(Metric.HUBER)).as("mean Huber, delta 10")
                .isEqualTo(25.0, within(1e-12));
    }

    @Test
    void anOutlierMovesRmseMoreThanMaeAndHuber() {
        LossAggregate window = regression(RESIDUALS_WITH_OUTLIER, 1.0);
        assertThat(window.value(Metric.MAE)).as("MAE").isEqualTo(24.0, within(1e-12));
        assertThat(window.value(Metric.RMSE)).as("RMSE").isEqualTo(45.06, within(0.005));
        assertThat(window.value(Metric.HUBER)).as("mean Huber, delta 1").isEqualTo(23.6, within(1e-12));
        assertThat(regression(RESIDUALS_WITH_OUTLIER, 10.0).value(Metric.HUBER)).as("mean Huber, delta 10")
                .isEqualTo(205.0, within(1e-12));
    }

    @Test
    void huberRowsOfTheTable() {
        assertThat(Huber.loss(-10, 1)).isEqualTo(9.5);
        assertThat(Huber.loss(-5, 1)).isEqualTo(4.5);
        assertThat(Huber.loss(0, 1)).isEqualTo(0.0);
        assertThat(Huber.loss(100, 1)).isEqualTo(99.5);
        assertThat(Huber.loss(-10, 10)).isEqualTo(50.0);
        assertThat(Huber.loss(5, 10)).isEqualTo(12.5);
        assertThat(Huber.loss(100, 10)).isEqualTo(950.0);
    }

    @Test
    void sameErrorRateDifferentCrossEntropy() {
        LossAggregate model1 = multiclass(MODEL_1);
        LossAggregate model2 = multiclass(MODEL_2);

        assertThat(model1.value(Metric.ERROR_RATE)).as("model 1 error rate").isEqualTo(0.25);
        assertThat(model2.value(Metric.ERROR_RATE)).as("model 2 error rate").isEqualTo(0.25);
        // The lecture sums log2 over the four rows: 6.966 bits for model 1, i.e. a mean of 6.966 ln2 / 4 nats.
        assertThat(model1.value(Metric.CROSS_ENTROPY)).as("model 1 cross-entropy, nats")
                .isEqualTo(6.966 * Math.log(2) / 4, within(1e-3));
        // For model 2 the lecture prints 2.310 bits, which takes p = 0.4 for row 4's true class; the table gives
        // 0.3 there, so from the table's own numbers the sum is -log2(0.7 * 0.8 * 0.9 * 0.3) = 2.7255 bits.
        assertThat(model2.value(Metric.CROSS_ENTROPY)).as("model 2 cross-entropy, nats")
                .isEqualTo(2.7255 * Math.log(2) / 4, within(1e-4));
        assertThat(model2.value(Metric.CROSS_ENTROPY)).as("model 2 has the better probabilities")
                .isLessThan(model1.value(Metric.CROSS_ENTROPY) / 2);
        assertThat(model2.value(Metric.BRIER)).as("Brier agrees with cross-entropy")
                .isLessThan(model1.value(Metric.BRIER));
    }

    @Test
    void informationOfTheLectureRows() {
        ScoredEvent out = new ScoredEvent();
        ClassifierScores.fromProbabilities(MODEL_1[0], 0, true, LossParameters.DEFAULTS, out);
        assertThat(out.crossEntropy() / Math.log(2)).as("data 1, bits").isEqualTo(1.322, within(5e-4));
        ClassifierScores.fromProbabilities(MODEL_1[3], 2, true, LossParameters.DEFAULTS, out);
        assertThat(out.crossEntropy() / Math.log(2)).as("data 4, bits").isEqualTo(3.3219, within(5e-5));
    }

    @Test
    void entropyOfTheLectureDistributions() {
        double bits = Math.log(2);
        assertThat(PredictiveEntropy.binary(0.4) / bits).isEqualTo(0.971, within(5e-4));
        assertThat(PredictiveEntropy.binary(0.99) / bits).isEqualTo(0.081, within(5e-4));
        assertThat(PredictiveEntropy.of(new double[] {0.1, 0.15, 0.5, 0.15, 0.1}) / bits).isEqualTo(1.985, within(5e-4));
        assertThat(PredictiveEntropy.of(new double[] {0.01, 0.09, 0.8, 0.09, 0.01}) / bits).isEqualTo(1.016, within(5e-4));
        assertThat(PredictiveEntropy.of(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}) / bits).isEqualTo(2.322, within(5e-4));
    }

    /** One window of regression events with the given residuals, as the job aggregates it. */
    private static LossAggregate regression(double[] residuals, double delta) {
        LossParameters params = new LossParameters(delta, 2.0, 0.25, 1e-15);
        LossAccumulator window = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (double r : residuals) {
            PredictionEvent e = new PredictionEvent();
            e.model = "lecture";
            e.task = Task.REGRESSION;
            e.score = 0.0;
            e.label = r;
            e.labelled = true;
            window.add(e, params, scratch);
        }
        return window.summarize(Task.REGRESSION, 0, 60_000, 0);
    }

    /** One window of the lecture's multi-class rows, as the job aggregates it. */
    private static LossAggregate multiclass(double[][] rows) {
        LossAccumulator window = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < rows.length; i++) {
            PredictionEvent e = new PredictionEvent();
            e.model = "lecture";
            e.task = Task.MULTICLASS;
            e.scores = rows[i];
            e.label = TARGETS[i];
            e.labelled = true;
            window.add(e, LossParameters.DEFAULTS, scratch);
        }
        return window.summarize(Task.MULTICLASS, 0, 60_000, 0);
    }
}

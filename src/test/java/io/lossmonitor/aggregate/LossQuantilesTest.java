package io.lossmonitor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.window.ModelKey;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The p50, p90 and p99 of per-event cross-entropy and |r|: exact for a few events, and within 0.01 of the asked
 * rank (DataSketches KLL) for many, weighted, merged from partials, against the exact distribution.
 */
class LossQuantilesTest {

    private static final double RANK_ERROR = 0.01;
    private static final ModelKey BINARY = new ModelKey("m", null, null, Task.BINARY);
    private static final ModelKey MULTICLASS = new ModelKey("m", null, null, Task.MULTICLASS);
    private static final ModelKey REGRESSOR = new ModelKey("m", null, null, Task.REGRESSION);

    @Test
    void crossEntropyQuantilesOfManyWeightedEventsAreWithinOnePercentOfTheirRank() {
        Random random = new Random(41);
        int n = 20_000;
        PredictionEvent[] events = new PredictionEvent[n];
        double[] crossEntropy = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            double p = 1 / (1 + Math.exp(-2 * random.nextGaussian()));
            int y = random.nextDouble() < p ? 1 : 0;
            weights[i] = 1 + random.nextInt(3);
            events[i] = ConfusionAndFitMetricsTest.binary(p, false, y, weights[i]);
            crossEntropy[i] = ReferenceMetrics.logLoss(ReferenceMetrics.binaryRows(new double[] {p}),
                    new int[] {y})[0];
        }
        LossAggregate window = ConfusionAndFitMetricsTest.inPartials(events, BINARY);

        assertWithinRank(window.value(Metric.CROSS_ENTROPY_P50), 0.5, crossEntropy, weights);
        assertWithinRank(window.value(Metric.CROSS_ENTROPY_P90), 0.9, crossEntropy, weights);
        assertWithinRank(window.value(Metric.CROSS_ENTROPY_P99), 0.99, crossEntropy, weights);
    }

    @Test
    void absoluteErrorQuantilesOfManyEventsAreWithinOnePercentOfTheirRank() {
        Random random = new Random(43);
        int n = 30_000;
        PredictionEvent[] events = new PredictionEvent[n];
        double[] errors = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            double y = 50 + 10 * random.nextGaussian();
            double yHat = y + (i % 100 == 0 ? 200 : 5) * random.nextGaussian();
            weights[i] = 1;
            events[i] = ConfusionAndFitMetricsTest.regression(yHat, y, 1);
            errors[i] = Math.abs(y - yHat);
        }
        LossAggregate window = ConfusionAndFitMetricsTest.inPartials(events, REGRESSOR);

        assertWithinRank(window.value(Metric.ABS_ERROR_P50), 0.5, errors, weights);
        assertWithinRank(window.value(Metric.ABS_ERROR_P90), 0.9, errors, weights);
        assertWithinRank(window.value(Metric.ABS_ERROR_P99), 0.99, errors, weights);
        assertThat(window.value(Metric.CROSS_ENTROPY_P50)).as("a classifier's metric").isNaN();
    }

    @Test
    void aFewEventsGiveTheExactWeightedQuantiles() {
        // |r| = 1, 2, 3, 4, 5 with weights 1, 1, 1, 1, 6: half the weight is on 5.
        PredictionEvent[] events = new PredictionEvent[5];
        for (int i = 0; i < 5; i++) {
            events[i] = ConfusionAndFitMetricsTest.regression(0, i + 1, i == 4 ? 6 : 1);
        }
        LossAggregate window = ConfusionAndFitMetricsTest.inPartials(events, REGRESSOR);

        assertThat(window.value(Metric.ABS_ERROR_P50)).as("cumulative weight 4 of 10 at 4, 10 of 10 at 5")
                .isEqualTo(5.0);
        assertThat(window.value(Metric.ABS_ERROR_P90)).isEqualTo(5.0);
        LossAggregate first = ConfusionAndFitMetricsTest.inPartials(Arrays.copyOf(events, 4), REGRESSOR);
        assertThat(first.value(Metric.ABS_ERROR_P50)).as("2 of 4 at 2").isEqualTo(2.0);
    }

    @Test
    void multiclassLogitsKeepTheirFullCrossEntropyInTheQuantiles() {
        PredictionEvent e = new PredictionEvent();
        e.model = "m";
        e.task = Task.MULTICLASS;
        e.logits = true;
        e.scores = new double[] {60, 0, 0};
        e.label = 1;
        e.labelled = true;
        LossAccumulator window = LossAccumulator.empty();
        window.add(e, LossParameters.DEFAULTS, new ScoredEvent());

        assertThat(window.summarize(MULTICLASS.task, 0, 60_000, 0).value(Metric.CROSS_ENTROPY_P99))
                .as("60 nats, not capped at −ln ε ≈ 34.5").isEqualTo(60.0, org.assertj.core.api.Assertions.within(1e-5));
    }

    /** The returned value's rank in the exact weighted distribution is within the rank error of the asked rank. */
    private static void assertWithinRank(double quantile, double rank, double[] values, double[] weights) {
        double total = 0;
        double below = 0;
        double atOrBelow = 0;
        for (int i = 0; i < values.length; i++) {
            total += weights[i];
            if (values[i] < quantile) {
                below += weights[i];
            }
            if (values[i] <= quantile) {
                atOrBelow += weights[i];
            }
        }
        assertThat(below / total).as("share of the weight below the p%.0f %.6f", 100 * rank, quantile)
                .isLessThanOrEqualTo(rank + RANK_ERROR);
        assertThat(atOrBelow / total).as("share of the weight at or below the p%.0f %.6f", 100 * rank, quantile)
                .isGreaterThanOrEqualTo(rank - RANK_ERROR);
    }
}

package io.lossmonitor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.window.ModelKey;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * ROC AUC and average precision of binary windows, kept as scores binned on the logit scale and merged from
 * partials, within 0.005 of the exact values (scikit-learn's definitions, written in the tests) with weights, ties,
 * logits and probabilities of exactly 0 and 1.
 */
class RankingMetricsTest {

    private static final double TOLERANCE = 0.005;
    private static final ModelKey BINARY = new ModelKey("m", null, null, Task.BINARY);

    @Test
    void aucAndAveragePrecisionOfWeightedProbabilitiesAreWithinHalfAPercentOfExact() {
        Random random = new Random(13);
        int n = 2_500;
        double[] p = new double[n];
        int[] y = new int[n];
        double[] w = new double[n];
        PredictionEvent[] events = new PredictionEvent[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < 0.2 ? 1 : 0;
            p[i] = ReferenceMetrics.sigmoid(1.2 * random.nextGaussian() + (y[i] == 1 ? 1.5 : -0.5));
            w[i] = 1 + random.nextInt(5);
            events[i] = ConfusionAndFitMetricsTest.binary(p[i], false, y[i], w[i]);
        }
        assertWithinTolerance(ConfusionAndFitMetricsTest.inPartials(events, BINARY), p, y, w);
    }

    @Test
    void logitsWithTiesAndExtremesAreWithinHalfAPercentOfExact() {
        Random random = new Random(29);
        int n = 2_000;
        double[] z = new double[n];
        int[] y = new int[n];
        double[] w = new double[n];
        PredictionEvent[] events = new PredictionEvent[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextBoolean() ? 1 : 0;
            // A third of the scores take one of five values; a few are far in the tails.
            z[i] = i % 3 == 0 ? random.nextInt(5) - 2 : i % 97 == 0 ? 60 * (random.nextBoolean() ? 1 : -1)
                    : 0.8 * random.nextGaussian() + y[i];
            w[i] = 1;
            events[i] = ConfusionAndFitMetricsTest.binary(z[i], true, y[i], w[i]);
        }
        assertWithinTolerance(ConfusionAndFitMetricsTest.inPartials(events, BINARY), z, y, w);
    }

    @Test
    void overConfidentProbabilitiesWithinABillionthOfZeroAndOneRankAsScikitLearnRanksThem() {
        // A naive Bayes model's log-odds: a sum of many word ratios, tens of nats from zero on either side, so that
        // most probabilities lie within 2e-9 of 0 or 1 and many are 0 or 1 exactly in double precision.
        Random random = new Random(41);
        int n = 3_000;
        double[] p = new double[n];
        int[] y = new int[n];
        double[] w = new double[n];
        PredictionEvent[] events = new PredictionEvent[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < 0.3 ? 1 : 0;
            p[i] = ReferenceMetrics.sigmoid(40 * random.nextGaussian() + (y[i] == 1 ? 12 : -12));
            w[i] = 1;
            events[i] = ConfusionAndFitMetricsTest.binary(p[i], false, y[i], w[i]);
        }
        assertThat(IntStream.range(0, n).filter(i -> p[i] > 0 && p[i] < 1 && Math.abs(p[i] - 0.5) > 0.5 - 2e-9)
                .count()).as("the fixture: many finite-logit scores beyond ±20").isGreaterThan(n / 3);
        assertWithinTolerance(ConfusionAndFitMetricsTest.inPartials(events, BINARY), p, y, w);
    }

    @Test
    void logitsOfHundredsRankInTheirOrder() {
        Random random = new Random(43);
        int n = 3_000;
        double[] z = new double[n];
        int[] y = new int[n];
        double[] w = new double[n];
        PredictionEvent[] events = new PredictionEvent[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < 0.5 ? 1 : 0;
            z[i] = i % 101 == 0 ? 1e300 * (random.nextBoolean() ? 1 : -1)
                    : 300 * random.nextGaussian() + (y[i] == 1 ? 150 : -150);
            w[i] = 1 + random.nextInt(3);
            events[i] = ConfusionAndFitMetricsTest.binary(z[i], true, y[i], w[i]);
        }
        assertWithinTolerance(ConfusionAndFitMetricsTest.inPartials(events, BINARY), z, y, w);
    }

    @Test
    void probabilitiesOfZeroAndOneRankAtTheEnds() {
        PredictionEvent[] events = {ConfusionAndFitMetricsTest.binary(1.0, false, 1, 1),
            ConfusionAndFitMetricsTest.binary(0.0, false, 0, 1), ConfusionAndFitMetricsTest.binary(0.6, false, 0, 1),
            ConfusionAndFitMetricsTest.binary(0.4, false, 1, 1)};
        LossAggregate window = ConfusionAndFitMetricsTest.inPartials(events, BINARY);

        assertThat(window.value(Metric.ROC_AUC)).as("3 of 4 pairs in order").isEqualTo(0.75, within(1e-12));
        assertThat(window.value(Metric.AVERAGE_PRECISION)).as("1/2 · 1 + 1/2 · 2/3")
                .isEqualTo(0.5 + 1.0 / 3, within(1e-12));
    }

    @Test
    void aWindowWithOneClassHasNoAucAndWithoutPositivesNoAveragePrecision() {
        PredictionEvent[] negatives = {ConfusionAndFitMetricsTest.binary(0.7, false, 0, 1),
            ConfusionAndFitMetricsTest.binary(0.2, false, 0, 1)};
        LossAggregate window = ConfusionAndFitMetricsTest.inPartials(negatives, BINARY);
        assertThat(window.value(Metric.ROC_AUC)).isNaN();
        assertThat(window.value(Metric.AVERAGE_PRECISION)).isNaN();

        PredictionEvent[] positives = {ConfusionAndFitMetricsTest.binary(0.7, false, 1, 1),
            ConfusionAndFitMetricsTest.binary(0.2, false, 1, 1)};
        LossAggregate onlyPositives = ConfusionAndFitMetricsTest.inPartials(positives, BINARY);
        assertThat(onlyPositives.value(Metric.ROC_AUC)).isNaN();
        assertThat(onlyPositives.value(Metric.AVERAGE_PRECISION)).as("every threshold is all positives").isEqualTo(1.0);
    }

    private static void assertWithinTolerance(LossAggregate window, double[] scores, int[] y, double[] w) {
        assertThat(window.value(Metric.ROC_AUC)).as("roc_auc")
                .isCloseTo(ReferenceMetrics.rocAuc(scores, y, w), within(TOLERANCE));
        assertThat(window.value(Metric.AVERAGE_PRECISION)).as("average_precision")
                .isCloseTo(ReferenceMetrics.averagePrecision(scores, y, w), within(TOLERANCE));
    }
}

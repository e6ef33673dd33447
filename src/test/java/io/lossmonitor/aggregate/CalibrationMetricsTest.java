package io.lossmonitor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.sketch.CalibrationBins;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.window.ModelKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The expected calibration error and the reliability bins of binary and multi-class windows, from probabilities and
 * logits, weighted, against torchmetrics' definition written in the tests (with sample weights).
 */
class CalibrationMetricsTest {

    private static final ModelKey BINARY = new ModelKey("m", null, null, Task.BINARY);
    private static final ModelKey MULTICLASS = new ModelKey("m", null, null, Task.MULTICLASS);

    @Test
    void sameAccuracyButOverConfidentIsWorseCalibrated() {
        Random random = new Random(5);
        int n = 3_000;
        PredictionEvent[] calibrated = new PredictionEvent[n];
        PredictionEvent[] overConfident = new PredictionEvent[n];
        double[][] calibratedRows = new double[n][];
        double[][] overConfidentRows = new double[n][];
        int[] y = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double p = 0.05 + 0.9 * random.nextDouble();
            y[i] = random.nextDouble() < p ? 1 : 0;
            // The same side of 0.5, pushed towards 0 or 1: the same predictions, less honest probabilities.
            double sharp = p >= 0.5 ? 1 - (1 - p) / 4 : p / 4;
            w[i] = 1 + random.nextInt(3);
            calibrated[i] = ConfusionAndFitMetricsTest.binary(p, false, y[i], w[i]);
            overConfident[i] = ConfusionAndFitMetricsTest.binary(sharp, false, y[i], w[i]);
            calibratedRows[i] = new double[] {1 - p, p};
            overConfidentRows[i] = new double[] {1 - sharp, sharp};
        }
        LossAggregate honest = ConfusionAndFitMetricsTest.inPartials(calibrated, BINARY);
        LossAggregate sharp = ConfusionAndFitMetricsTest.inPartials(overConfident, BINARY);

        assertThat(sharp.value(Metric.ERROR_RATE)).isEqualTo(honest.value(Metric.ERROR_RATE));
        assertMatchesReference(honest, ReferenceMetrics.calibration(calibratedRows, y, w));
        assertMatchesReference(sharp, ReferenceMetrics.calibration(overConfidentRows, y, w));
        assertThat(sharp.value(Metric.ECE)).as("over-confidence shows as a calibration error")
                .isGreaterThan(honest.value(Metric.ECE) + 0.1);
    }

    @Test
    void multiclassLogitsWithTiesAndAnUnusedClass() {
        Random random = new Random(8);
        int n = 2_000;
        PredictionEvent[] events = new PredictionEvent[n];
        double[][] rows = new double[n][];
        int[] y = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            // Class 3 is never the label; every tenth row ties its two best classes.
            double[] z = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), -5};
            if (i % 10 == 0) {
                z[1] = z[0] = Math.max(z[0], z[1]);
            }
            y[i] = random.nextInt(3);
            w[i] = 0.5 + random.nextInt(2);
            rows[i] = ReferenceMetrics.softmax(z);
            PredictionEvent e = new PredictionEvent();
            e.model = "m";
            e.task = Task.MULTICLASS;
            e.logits = true;
            e.scores = z;
            e.label = y[i];
            e.labelled = true;
            e.weight = w[i];
            events[i] = e;
        }
        assertMatchesReference(ConfusionAndFitMetricsTest.inPartials(events, MULTICLASS),
                ReferenceMetrics.calibration(rows, y, w));
    }

    @Test
    void emptyBinsHaveNoConfidenceOrAccuracyAndARegressorHasNoBins() {
        PredictionEvent[] events = {ConfusionAndFitMetricsTest.binary(0.9, false, 1, 1),
            ConfusionAndFitMetricsTest.binary(0.95, false, 0, 1)};
        LossAggregate window = ConfusionAndFitMetricsTest.inPartials(events, BINARY);

        assertThat(window.reliability).hasSize(4 * CalibrationBins.BINS);
        assertThat(window.reliability[4 * 13]).as("count of the bin [0.867, 0.933)").isEqualTo(1);
        assertThat(window.reliability[4 * 14]).as("count of the bin [0.933, 1]").isEqualTo(1);
        assertThat(window.reliability[4 * 2 + 2]).as("an empty bin's confidence").isNaN();
        assertThat(window.reliability[4 * 2 + 3]).as("an empty bin's accuracy").isNaN();
        assertThat(window.value(Metric.ECE)).isEqualTo((0.1 + 0.95) / 2, within(1e-12));

        LossAggregate regressor = ConfusionAndFitMetricsTest.inPartials(
                new PredictionEvent[] {ConfusionAndFitMetricsTest.regression(1, 2, 1)},
                new ModelKey("r", null, null, Task.REGRESSION));
        assertThat(regressor.reliability).isNull();
        assertThat(regressor.value(Metric.ECE)).isNaN();
    }

    private static void assertMatchesReference(LossAggregate window, double[] reference) {
        assertThat(window.value(Metric.ECE)).as("ece").isCloseTo(reference[0], within(1e-12));
        for (int i = 0; i < 4 * CalibrationBins.BINS; i++) {
            double expected = reference[1 + i];
            if (Double.isNaN(expected)) {
                assertThat(window.reliability[i]).as("reliability value %d", i).isNaN();
            } else {
                assertThat(window.reliability[i]).as("reliability value %d", i)
                        .isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
            }
        }
    }
}

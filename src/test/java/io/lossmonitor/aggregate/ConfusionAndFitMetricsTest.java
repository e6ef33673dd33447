package io.lossmonitor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.window.ModelKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Precision, recall and F1 of binary classifiers, R² and MAPE of regressors, from a window's accumulator (split in
 * partials and merged, as panes are), against scikit-learn's definitions written in the tests, with event weights.
 */
class ConfusionAndFitMetricsTest {

    private static final ModelKey BINARY = new ModelKey("m", null, null, Task.BINARY);
    private static final ModelKey REGRESSOR = new ModelKey("m", null, null, Task.REGRESSION);

    @Test
    void precisionRecallAndF1OfWeightedBinaryEventsMatchScikitLearn() {
        Random random = new Random(17);
        int n = 500;
        double[] p = new double[n];
        int[] y = new int[n];
        double[] w = new double[n];
        PredictionEvent[] events = new PredictionEvent[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble();
            y[i] = random.nextDouble() < 0.3 + 0.4 * p[i] ? 1 : 0;
            w[i] = 1 + random.nextInt(4) * 0.5;
            boolean logit = i % 3 == 0;
            events[i] = binary(logit ? Math.log(p[i] / (1 - p[i])) : p[i], logit, y[i], w[i]);
        }
        LossAggregate window = inPartials(events, BINARY);

        assertThat(window.value(Metric.PRECISION)).isCloseTo(ReferenceMetrics.precision(p, y, w), within(1e-12));
        assertThat(window.value(Metric.RECALL)).isCloseTo(ReferenceMetrics.recall(p, y, w), within(1e-12));
        assertThat(window.value(Metric.F1)).isCloseTo(ReferenceMetrics.f1(p, y, w), within(1e-12));
        assertThat(window.value(Metric.R2)).as("a regression metric").isNaN();
    }

    @Test
    void aWindowWithNothingPredictedPositiveHasNoPrecisionAndARecallAndF1OfZero() {
        PredictionEvent[] events = {binary(0.2, false, 1, 1), binary(0.3, false, 0, 1), binary(0.1, false, 1, 2)};
        LossAggregate window = inPartials(events, BINARY);

        assertThat(window.value(Metric.PRECISION)).as("0 / 0: written as null").isNaN();
        assertThat(window.value(Metric.RECALL)).isZero();
        assertThat(window.value(Metric.F1)).isZero();
    }

    @Test
    void aWindowWithASingleClassAndNoPositivesHasNoneOfThem() {
        PredictionEvent[] events = {binary(0.2, false, 0, 1), binary(0.3, false, 0, 1)};
        LossAggregate window = inPartials(events, BINARY);

        assertThat(window.value(Metric.PRECISION)).isNaN();
        assertThat(window.value(Metric.RECALL)).isNaN();
        assertThat(window.value(Metric.F1)).isNaN();
    }

    @Test
    void r2AndMapeOfWeightedRegressionEventsMatchScikitLearn() {
        Random random = new Random(23);
        int n = 400;
        double[] y = new double[n];
        double[] yHat = new double[n];
        double[] w = new double[n];
        PredictionEvent[] events = new PredictionEvent[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 50 == 0 ? 0.0 : 100 + 20 * random.nextGaussian();
            yHat[i] = y[i] + 8 * random.nextGaussian();
            w[i] = 0.5 + random.nextInt(5);
            events[i] = regression(yHat[i], y[i], w[i]);
        }
        LossAggregate window = inPartials(events, REGRESSOR);

        assertThat(window.value(Metric.R2)).isCloseTo(ReferenceMetrics.r2(y, yHat, w), within(1e-9));
        double mape = ReferenceMetrics.mape(y, yHat, w);
        assertThat(window.value(Metric.MAPE)).as("targets of 0 divide by the machine epsilon, as scikit-learn does")
                .isCloseTo(mape, within(1e-9 * mape));
        assertThat(window.value(Metric.PRECISION)).as("a binary metric").isNaN();
    }

    @Test
    void aWindowWhoseTargetsAreAllEqualHasNoR2() {
        LossAggregate window = inPartials(new PredictionEvent[] {regression(1, 5, 1), regression(7, 5, 1)}, REGRESSOR);
        assertThat(window.value(Metric.R2)).as("Σw(y − ȳ)² = 0").isNaN();
        assertThat(window.value(Metric.MAPE)).isEqualTo((4.0 / 5 + 2.0 / 5) / 2, within(1e-15));
    }

    /** The window of the events, accumulated in three partials merged in turn, as a window merges its panes. */
    static LossAggregate inPartials(PredictionEvent[] events, ModelKey key) {
        return inPartials(events, key, LossParameters.DEFAULTS);
    }

    static LossAggregate inPartials(PredictionEvent[] events, ModelKey key, LossParameters params) {
        LossAccumulator[] partials = {LossAccumulator.empty(), LossAccumulator.empty(), LossAccumulator.empty()};
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < events.length; i++) {
            partials[i % 3].add(events[i], params, scratch);
        }
        LossAccumulator window = LossAccumulator.empty();
        for (LossAccumulator partial : partials) {
            window.merge(partial);
        }
        return window.summarize(key.task, 0, 60_000, 0);
    }

    static PredictionEvent binary(double score, boolean logit, int label, double weight) {
        PredictionEvent e = event(Task.BINARY, weight);
        e.score = score;
        e.logits = logit;
        e.label = label;
        return e;
    }

    static PredictionEvent regression(double prediction, double target, double weight) {
        PredictionEvent e = event(Task.REGRESSION, weight);
        e.score = prediction;
        e.label = target;
        return e;
    }

    /** A labelled event of model "m" of a task, with a weight. */
    static PredictionEvent event(Task task, double weight) {
        PredictionEvent e = new PredictionEvent();
        e.model = "m";
        e.task = task;
        e.labelled = true;
        e.weight = weight;
        return e;
    }
}

package io.lossmonitor.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.pipeline.PipelineSettings;
import io.lossmonitor.sketch.ScoreCells;
import io.lossmonitor.testing.Predictions;
import io.lossmonitor.testing.StateBackends;
import io.lossmonitor.testing.WindowOperators;
import io.lossmonitor.window.ModelKey;
import io.lossmonitor.window.WindowInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Estimation in the job's own window operator (taken from the pipeline), on both state backends: a window's
 * estimates come from the labelled windows of the reference before it and nothing else, a late revision carries
 * them unchanged while its late outcomes join the reference, and the reference restores from a snapshot.
 */
class WindowEstimatorHarnessTest {

    private static final long MINUTE = 60_000;
    /** Three windows: the reference of window w is windows w − 2 and w − 1. */
    private static final Duration REFERENCE = Duration.ofMinutes(3);
    private static final int PER_WINDOW = 150;
    private static final long MIN_LABELS = 200;

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aWindowIsEstimatedFromTheLabelledWindowsOfItsReferenceOnly(StateBackends backend) throws Exception {
        List<List<PredictionEvent>> windows = traffic();
        List<LossAggregate> out;
        try (var harness = harness(backend, Duration.ZERO, null)) {
            feed(harness, windows, 0, windows.size());
            out = harness.extractOutputValues();
        }
        assertThat(out).extracting(a -> a.windowStart / MINUTE).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(out).extracting(a -> a.value(Metric.ESTIMATION_REFERENCE_LABELS))
                .as("none, one window, then two: the window before last and the last")
                .containsExactly(0.0, 150.0, 300.0, 300.0, 300.0);
        assertThat(out.get(1).value(Metric.ESTIMATED_ACCURACY)).as("150 labels, below the 200 needed").isNaN();
        for (int w = 2; w < 5; w++) {
            PerformanceEstimate expected = PerformanceEstimate.estimate(Task.BINARY, cells(windows.get(w)),
                    outcomes(windows.get(w - 2), windows.get(w - 1)), MIN_LABELS, LossParameters.DEFAULTS.epsilon());
            for (Metric m : List.of(Metric.ESTIMATED_ACCURACY, Metric.ESTIMATED_ROC_AUC,
                    Metric.ESTIMATED_CROSS_ENTROPY)) {
                assertThat(out.get(w).value(m)).as("%s of window %d", m.jsonName(), w)
                        .isCloseTo(expected.value(m), within(1e-9));
            }
            assertThat(out.get(w).standardError(Metric.ESTIMATED_ERROR_RATE))
                    .isCloseTo(expected.standardError(Metric.ESTIMATED_ERROR_RATE), within(1e-12));
        }
        assertThat(out.get(4).count).as("window 4 has no labels; it is estimated all the same").isZero();
        assertThat(out.get(4).value(Metric.ESTIMATED_ACCURACY)).isBetween(0.5, 1.0);
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void theReferenceRestoresFromASnapshot(StateBackends backend) throws Exception {
        List<List<PredictionEvent>> windows = traffic();
        List<LossAggregate> straight;
        try (var harness = harness(backend, Duration.ZERO, null)) {
            feed(harness, windows, 0, windows.size());
            straight = harness.extractOutputValues();
        }
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend, Duration.ZERO, null)) {
            feed(harness, windows, 0, 3);
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness(backend, Duration.ZERO, snapshot)) {
            feed(restored, windows, 3, windows.size());
            List<LossAggregate> after = restored.extractOutputValues();
            assertThat(after).extracting(a -> a.windowStart / MINUTE).containsExactly(3L, 4L);
            for (int i = 0; i < 2; i++) {
                assertThat(after.get(i).value(Metric.ESTIMATED_ACCURACY))
                        .as("window %d after the restore, as without it", i + 3)
                        .isEqualTo(straight.get(i + 3).value(Metric.ESTIMATED_ACCURACY));
                assertThat(after.get(i).value(Metric.ESTIMATION_REFERENCE_LABELS)).isEqualTo(300.0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aLateRevisionCarriesTheEstimatesAndItsLateOutcomesJoinTheReference(StateBackends backend)
            throws Exception {
        List<List<PredictionEvent>> windows = traffic();
        try (var harness = harness(backend, Duration.ofSeconds(30), null)) {
            feed(harness, windows, 0, 3);
            LossAggregate onTime = harness.extractOutputValues().get(2);
            PredictionEvent late = binary(2 * MINUTE + 5, 0.9, 1, true);
            harness.processElement(WindowInput.of(late), late.timestamp);
            List<LossAggregate> out = harness.extractOutputValues();
            LossAggregate revision = out.get(out.size() - 1);
            assertThat(revision.revision).isEqualTo(1);
            assertThat(revision.count).as("the late label counts").isEqualTo(onTime.count + 1);
            assertThat(revision.value(Metric.ESTIMATED_ACCURACY)).as("estimates of the on-time firing")
                    .isEqualTo(onTime.value(Metric.ESTIMATED_ACCURACY));
            assertThat(revision.value(Metric.ESTIMATION_REFERENCE_LABELS)).isEqualTo(300.0);

            feed(harness, windows, 3, 4);
            out = harness.extractOutputValues();
            assertThat(out.get(out.size() - 1).value(Metric.ESTIMATION_REFERENCE_LABELS))
                    .as("windows 1 and 2, with window 2's late label").isEqualTo(301.0);
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(harness.numEventTimeTimers()).as("no timers left").isZero();
        }
    }

    /** Windows 0–3 labelled, window 4 predictions only; a model calibrated on the logit scale. */
    private static List<List<PredictionEvent>> traffic() {
        Random random = new Random(5);
        List<List<PredictionEvent>> windows = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            List<PredictionEvent> events = new ArrayList<>();
            for (int i = 0; i < PER_WINDOW; i++) {
                double z = 1.3 * random.nextGaussian() + 0.2 * w;
                double p = 1 / (1 + Math.exp(-z));
                int label = random.nextDouble() < p ? 1 : 0;
                events.add(binary(w * MINUTE + i * 100L, p, label, w < 4));
            }
            windows.add(events);
        }
        return windows;
    }

    private static PredictionEvent binary(long ts, double p, int label, boolean labelled) {
        return Predictions.binary("fraud", p, label, labelled, ts);
    }

    /** The windows' events as the window keeps them. */
    private static ScoreCells cells(List<PredictionEvent> events) {
        ScoreCells cells = new ScoreCells();
        for (PredictionEvent e : events) {
            double z = Math.log(e.score) - Math.log1p(-e.score);
            cells.addPrediction(z, e.score >= 0.5, e.weight);
            if (e.labelled) {
                cells.addOutcome(z, e.score >= 0.5, e.label == 1, e.weight);
            }
        }
        return cells;
    }

    @SafeVarargs
    private static ReferenceOutcomes outcomes(List<PredictionEvent>... windows) {
        ReferenceOutcomes total = new ReferenceOutcomes();
        for (List<PredictionEvent> w : windows) {
            total = total.plus(ReferenceOutcomes.of(cells(w)), 1);
        }
        return total;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<ModelKey, WindowInput, LossAggregate> harness,
                             List<List<PredictionEvent>> windows, int from, int to) throws Exception {
        for (int w = from; w < to; w++) {
            for (PredictionEvent e : windows.get(w)) {
                harness.processElement(WindowInput.of(e), e.timestamp);
            }
            harness.processWatermark((w + 1) * MINUTE - 1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<ModelKey, WindowInput, LossAggregate> harness(
            StateBackends backend, Duration allowedLateness, OperatorSubtaskState restored) throws Exception {
        PipelineSettings settings = new PipelineSettings(Duration.ofMinutes(1), null, Duration.ZERO, Duration.ZERO,
                allowedLateness, LossParameters.DEFAULTS, AlertSettings.DEFAULTS, Duration.ofHours(1),
                JoinTime.LABEL, null, ComparisonSettings.NONE, new EstimationSettings(REFERENCE, MIN_LABELS));
        return WindowOperators.harness(settings, backend, restored);
    }
}

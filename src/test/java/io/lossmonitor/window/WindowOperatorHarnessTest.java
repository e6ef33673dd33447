package io.lossmonitor.window;

import static io.lossmonitor.testing.Predictions.regression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.pipeline.LossMonitorPipeline;
import io.lossmonitor.pipeline.PipelineSettings;
import io.lossmonitor.testing.WindowOperators;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The job's own window operator (taken from the pipeline, not rebuilt) driven by hand with single events: when it
 * fires, how late events update a window, and that its state and timers are gone once a window can no longer change.
 */
class WindowOperatorHarnessTest {

    private static final long MINUTE = 60_000;

    @Test
    void firesOnceWhenTheWatermarkPassesTheWindowEndAndThenHoldsNothing() throws Exception {
        try (var harness = harness(Duration.ZERO, null)) {
            harness.processElement(WindowInput.of(regression("price", 10, 12, 1_000)), 1_000);
            harness.processElement(WindowInput.of(regression("price", 3, 2, 30_000)), 30_000);
            harness.processElement(WindowInput.of(regression("price", 5, 5, MINUTE + 1)), MINUTE + 1);

            harness.processWatermark(MINUTE - 2);
            assertThat(harness.extractOutputValues()).as("window [0, 1m) is still open").isEmpty();

            harness.processWatermark(MINUTE - 1);
            List<LossAggregate> out = harness.extractOutputValues();
            assertThat(out).hasSize(1);
            LossAggregate first = out.get(0);
            assertThat(first.windowStart).isZero();
            assertThat(first.windowEnd).isEqualTo(MINUTE);
            assertThat(first.revision).isZero();
            assertThat(first.count).isEqualTo(2);
            assertThat(first.value(Metric.MSE)).as("(4 + 1) / 2").isCloseTo(2.5, within(1e-12));
            assertThat(first.value(Metric.MAE)).as("(2 + 1) / 2").isCloseTo(1.5, within(1e-12));
            assertThat(first.value(Metric.MEAN_ERROR)).as("(2 - 1) / 2").isCloseTo(0.5, within(1e-12));

            harness.processWatermark(2 * MINUTE - 1);
            assertThat(harness.extractOutputValues()).hasSize(2);
            assertThat(harness.numKeyedStateEntries()).as("no window state left").isZero();
            assertThat(harness.numEventTimeTimers()).as("no timers left").isZero();
        }
    }

    @Test
    void aLateEventWithinTheAllowedLatenessUpdatesTheWindowWithTheNextRevision() throws Exception {
        try (var harness = harness(Duration.ofSeconds(30), null)) {
            harness.processElement(WindowInput.of(regression("price", 0, 1, 1_000)), 1_000);
            harness.processWatermark(MINUTE + 5_000);
            harness.processElement(WindowInput.of(regression("price", 0, 3, 2_000)), 2_000);
            harness.processElement(WindowInput.of(regression("price", 0, 5, 3_000)), 3_000);

            List<LossAggregate> out = harness.extractOutputValues();
            assertThat(out).extracting(a -> a.revision).containsExactly(0, 1, 2);
            assertThat(out).extracting(a -> a.count).containsExactly(1L, 2L, 3L);
            assertThat(out.get(2).value(Metric.MSE)).as("(1 + 9 + 25) / 3").isCloseTo(35.0 / 3, within(1e-12));
            assertThat(harness.getSideOutput(LossMonitorPipeline.LATE_EVENTS)).as("nothing beyond the lateness")
                    .isNull();

            harness.processWatermark(MINUTE + 30_000 - 1);
            assertThat(harness.numKeyedStateEntries()).as("window and revision state cleared").isZero();
            assertThat(harness.numEventTimeTimers()).isZero();

            harness.processElement(WindowInput.of(regression("price", 0, 7, 4_000)), 4_000);
            assertThat(harness.extractOutputValues()).as("no firing for a closed window").hasSize(3);
            assertThat(harness.getSideOutput(LossMonitorPipeline.LATE_EVENTS))
                    .extracting(StreamRecord::getValue)
                    .extracting(in -> in.event.label)
                    .containsExactly(7.0);
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void slidingWindowsHoldEachEventInEveryWindowThatCoversIt() throws Exception {
        try (var harness = harness(Duration.ZERO, Duration.ofSeconds(30))) {
            harness.processElement(WindowInput.of(regression("price", 0, 2, 40_000)), 40_000);
            harness.processWatermark(2 * MINUTE);
            List<LossAggregate> out = harness.extractOutputValues();
            assertThat(out).extracting(a -> a.windowStart).containsExactly(0L, 30_000L);
            assertThat(out).allSatisfy(a -> assertThat(a.value(Metric.MSE)).isEqualTo(4.0));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void keysAreSeparateAndUnlabelledPredictionsOnlyFeedTheLabelFreeSignals() throws Exception {
        try (var harness = harness(Duration.ZERO, null)) {
            harness.processElement(WindowInput.of(regression("a", 1, 2, 1_000)), 1_000);
            PredictionEvent unlabelled = regression("a", 3, 0, 2_000);
            unlabelled.labelled = false;
            harness.processElement(WindowInput.of(unlabelled), 2_000);
            harness.processElement(WindowInput.of(regression("b", 1, 5, 1_000)), 1_000);
            harness.processWatermark(MINUTE);
            List<LossAggregate> out = harness.extractOutputValues();
            LossAggregate a = out.stream().filter(x -> x.model.equals("a")).findFirst().orElseThrow();
            LossAggregate b = out.stream().filter(x -> x.model.equals("b")).findFirst().orElseThrow();
            assertThat(a.count).isEqualTo(1);
            assertThat(a.predictions).isEqualTo(2);
            assertThat(a.value(Metric.MSE)).isEqualTo(1.0);
            assertThat(a.value(Metric.PREDICTION_MEAN)).isEqualTo(2.0);
            assertThat(a.value(Metric.LABEL_COVERAGE)).isEqualTo(0.5);
            assertThat(b.value(Metric.MSE)).isEqualTo(16.0);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<ModelKey, WindowInput, LossAggregate> harness(
            Duration allowedLateness, Duration slide) throws Exception {
        PipelineSettings settings = new PipelineSettings(Duration.ofMinutes(1), slide, Duration.ZERO, Duration.ZERO,
                allowedLateness, LossParameters.DEFAULTS, AlertSettings.DEFAULTS, Duration.ofHours(1), JoinTime.LABEL, null,
                ComparisonSettings.NONE);
        return WindowOperators.harness(settings, null, null);
    }
}

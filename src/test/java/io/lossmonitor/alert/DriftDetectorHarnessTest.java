package io.lossmonitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.window.ModelKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift detector over synthetic aggregate sequences, driven through Flink's keyed operator harness. */
class DriftDetectorHarnessTest {

    private static final long MINUTE = 60_000;
    private static final double BASELINE_CE = 0.42;
    private static final double STDERR = 0.03;

    @Test
    void aSteadySeriesWithNoiseNeverFires() throws Exception {
        Random noise = new Random(7);
        try (var harness = harness(AlertSettings.DEFAULTS)) {
            for (int w = 0; w < 300; w++) {
                harness.processElement(classifier("steady", w, BASELINE_CE + STDERR * noise.nextGaussian(),
                        0.25 + 0.013 * noise.nextGaussian(), 1000), w * MINUTE);
            }
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void aStepChangeFiresWithinOneWindowOnceAndResolvesAfterRecovery() throws Exception {
        try (var harness = harness(AlertSettings.DEFAULTS)) {
            int w = 0;
            for (; w < 8; w++) {
                harness.processElement(classifier("m", w, BASELINE_CE + (w % 2 == 0 ? 0.01 : -0.01), 0.25, 1000),
                        w * MINUTE);
            }
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processElement(classifier("m", w++, 0.91, 0.25, 1000), 0);
            List<Alert> fired = harness.extractOutputValues();
            assertThat(fired).as("fires in the first window of the change").hasSize(1);
            Alert alert = fired.get(0);
            assertThat(alert.state).isEqualTo(Alert.FIRING);
            assertThat(alert.rule).isEqualTo(DriftDetector.BASELINE_RULE);
            assertThat(alert.metric).isEqualTo("cross_entropy");
            assertThat(alert.value).isEqualTo(0.91);
            assertThat(alert.baseline).isBetween(0.41, 0.43);
            assertThat(alert.windowStart).isEqualTo(8 * MINUTE);
            assertThat(alert.message).as("a message a person can read")
                    .matches("cross_entropy 0\\.910 vs baseline 0\\.4\\d+ ± 0\\.0\\d+ \\(z=1\\d\\.\\d, \\+11\\d %\\) "
                            + "over 1,000 events");

            for (int i = 0; i < 3; i++) {
                harness.processElement(classifier("m", w++, 0.9, 0.25, 1000), 0);
            }
            assertThat(harness.extractOutputValues()).as("no alert per window while it persists").hasSize(1);

            harness.processElement(classifier("m", w++, 0.43, 0.25, 1000), 0);
            assertThat(harness.extractOutputValues()).as("one clear window is not enough").hasSize(1);
            harness.processElement(classifier("m", w++, 0.41, 0.25, 1000), 0);
            List<Alert> all = harness.extractOutputValues();
            assertThat(all).hasSize(2);
            assertThat(all.get(1).state).isEqualTo(Alert.RESOLVED);
            assertThat(all.get(1).windowStart).isEqualTo((w - 1) * MINUTE);
        }
    }

    @Test
    void windowsBelowTheMinimumCountNeverFire() throws Exception {
        try (var harness = harness(AlertSettings.DEFAULTS)) {
            for (int w = 0; w < 8; w++) {
                harness.processElement(classifier("small", w, BASELINE_CE, 0.25, 1000), 0);
            }
            for (int w = 8; w < 20; w++) {
                harness.processElement(classifier("small", w, 5.0, 0.9, 99), 0);
            }
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void errorRateAndRegressionMseHaveTheirOwnBaselines() throws Exception {
        try (var harness = harness(AlertSettings.DEFAULTS)) {
            for (int w = 0; w < 6; w++) {
                harness.processElement(classifier("c", w, BASELINE_CE, 0.20, 1000), 0);
                harness.processElement(regressor("r", w, 50.0, 2.0, 500), 0);
            }
            harness.processElement(classifier("c", 6, BASELINE_CE, 0.40, 1000), 0);
            harness.processElement(regressor("r", 6, 120.0, 2.0, 500), 0);
            assertThat(harness.extractOutputValues()).extracting(a -> a.model + ":" + a.metric)
                    .containsExactlyInAnyOrder("c:error_rate", "r:mse");
        }
    }

    @Test
    void aRankersNdcgFiresOnADropNotOnARise() throws Exception {
        try (var harness = harness(AlertSettings.DEFAULTS)) {
            for (int w = 0; w < 6; w++) {
                harness.processElement(ranker("search", w, 0.60 + (w % 2 == 0 ? 0.005 : -0.005), 0.95), 0);
                harness.processElement(ranker("improving", w, 0.60 + (w % 2 == 0 ? 0.005 : -0.005), 0.95), 0);
            }
            harness.processElement(ranker("improving", 6, 0.90, 0.99), 0);
            assertThat(harness.extractOutputValues()).as("a rise of NDCG and hit rate is no alert").isEmpty();

            harness.processElement(ranker("search", 6, 0.40, 0.95), 0);
            List<Alert> fired = harness.extractOutputValues();
            assertThat(fired).singleElement().satisfies(a -> {
                assertThat(a.metric).isEqualTo("ndcg_at_k");
                assertThat(a.rule).isEqualTo(DriftDetector.BASELINE_RULE);
                assertThat(a.state).isEqualTo(Alert.FIRING);
                assertThat(a.threshold).as("the threshold of a drop lies below the baseline").isLessThan(a.baseline);
                assertThat(a.message).startsWith("ndcg_at_k 0.400 vs baseline 0.600").contains("-33 %")
                        .contains("higher is better");
            });
            harness.processElement(ranker("search", 7, 0.40, 0.50), 0);
            assertThat(harness.extractOutputValues()).as("the hit rate is the default rule's other metric")
                    .extracting(a -> a.metric + ":" + a.state).containsExactly("ndcg_at_k:firing", "hit_rate_at_k:firing");
        }
    }

    @Test
    void aPageHinkleyRuleOnAMetricWhereHigherIsBetterWatchesForADrop(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: ndcg-shift
                    metric: ndcg_at_k
                    detector: page-hinkley
                    delta: 0.005
                    lambda: 0.1
                  - name: ndcg-floor
                    metric: ndcg_at_k
                    comparison: "<"
                    value: 0.5
                """);
        AlertSettings settings = new AlertSettings(false, 3, 0.2, 100, 5, 2, AlertRulesFile.read(rules),
                AlertSettings.DEFAULT_KEY_TTL);
        try (var harness = harness(settings)) {
            for (int w = 0; w < 10; w++) {
                harness.processElement(ranker("rising", w, 0.6, 0.9), 0);
                harness.processElement(ranker("dropping", w, 0.6, 0.9), 0);
            }
            harness.processElement(ranker("rising", 10, 0.75, 0.9), 0);
            harness.processElement(ranker("rising", 11, 0.75, 0.9), 0);
            assertThat(harness.extractOutputValues()).as("a shift up is an improvement").isEmpty();
            harness.processElement(ranker("dropping", 10, 0.45, 0.9), 0);
            harness.processElement(ranker("dropping", 11, 0.45, 0.9), 0);
            List<Alert> alerts = harness.extractOutputValues();
            assertThat(alerts).extracting(a -> a.rule + ":" + a.state)
                    .containsExactlyInAnyOrder("ndcg-floor:firing", "ndcg-shift:firing");
            assertThat(alerts).filteredOn(a -> a.rule.equals("ndcg-shift")).singleElement()
                    .satisfies(a -> assertThat(a.message).startsWith("ndcg_at_k shifted down to 0.450 from a mean of 0.6"));
        }
    }

    @Test
    void lateRevisionsAreNotJudgedAgain() throws Exception {
        try (var harness = harness(AlertSettings.DEFAULTS)) {
            for (int w = 0; w < 6; w++) {
                harness.processElement(classifier("m", w, BASELINE_CE, 0.25, 1000), 0);
            }
            LossAggregate lateUpdate = classifier("m", 5, 3.0, 0.25, 1000);
            lateUpdate.revision = 1;
            harness.processElement(lateUpdate, 0);
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void aRulesFileFiresItsThresholdAndShiftRules(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: churn-error-rate
                    metric: error_rate
                    comparison: ">"
                    value: 0.3
                    model: churn
                    min_count: 50
                  - name: brier-shift
                    metric: brier
                    detector: page-hinkley
                    delta: 0.005
                    lambda: 0.1
                """);
        AlertSettings settings = new AlertSettings(false, 3, 0.2, 100, 5, 2, AlertRulesFile.read(rules),
                AlertSettings.DEFAULT_KEY_TTL);
        try (var harness = harness(settings)) {
            harness.processElement(classifier("churn", 0, BASELINE_CE, 0.35, 49), 0);
            harness.processElement(classifier("other", 0, BASELINE_CE, 0.35, 1000), 0);
            assertThat(harness.extractOutputValues()).as("too few events; another model").isEmpty();

            harness.processElement(classifier("churn", 1, BASELINE_CE, 0.35, 50), 0);
            List<Alert> alerts = harness.extractOutputValues();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).rule).isEqualTo("churn-error-rate");
            assertThat(alerts.get(0).threshold).isEqualTo(0.3);
            assertThat(alerts.get(0).message).isEqualTo("error_rate 0.350 > 0.300 (rule churn-error-rate) over 50 events");

            for (int w = 1; w < 10; w++) {
                harness.processElement(brier("shifting", w, 0.18), 0);
            }
            assertThat(harness.extractOutputValues()).as("a steady brier series").hasSize(1);
            harness.processElement(brier("shifting", 10, 0.30), 0);
            harness.processElement(brier("shifting", 11, 0.30), 0);
            List<Alert> shift = harness.extractOutputValues().subList(1, harness.extractOutputValues().size());
            assertThat(shift).extracting(a -> a.rule + ":" + a.state).containsExactly("brier-shift:firing");
            assertThat(shift.get(0).baseline).isEqualTo(0.18, within(1e-9));

            harness.processElement(brier("shifting", 12, 0.18), 0);
            harness.processElement(brier("shifting", 13, 0.18), 0);
            assertThat(harness.extractOutputValues()).last().extracting(a -> a.rule + ":" + a.state)
                    .isEqualTo("brier-shift:resolved");
        }
    }

    @Test
    void aBadRulesFileNamesTheRuleAndTheMistake(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "{\"rules\":[{\"metric\":\"error_rate\",\"value\":0.3},{\"metric\":\"accurracy\",\"value\":1}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertRulesFile.read(rules))
                .hasMessageContaining("rule 2").hasMessageContaining("unknown metric 'accurracy'");
    }

    @Test
    void ruleStateFollowsTheRuleNameWhenRulesAreAddedReorderedAndGivenNewThresholds(@TempDir Path dir)
            throws Exception {
        AlertSettings before = rules(dir, """
                rules:
                  - name: high-error
                    metric: error_rate
                    value: 0.3
                  - name: brier-shift
                    metric: brier
                    detector: page-hinkley
                    delta: 0.005
                    lambda: 0.1
                """);
        OperatorSubtaskState saved;
        try (var harness = harness(before)) {
            for (int w = 0; w < 9; w++) {
                harness.processElement(brier("m", w, 0.18), 0);
            }
            harness.processElement(classifier("m", 9, BASELINE_CE, 0.35, 1000), 0);
            assertThat(harness.extractOutputValues()).extracting(a -> a.rule + ":" + a.state)
                    .containsExactly("high-error:firing");
            saved = harness.snapshot(1, 1);
        }
        AlertSettings after = rules(dir, """
                rules:
                  - name: new-rule
                    metric: cross_entropy
                    value: 5
                  - name: brier-shift
                    metric: brier
                    detector: page-hinkley
                    delta: 0.005
                    lambda: 0.1
                  - name: high-error
                    metric: error_rate
                    value: 0.4
                """);
        try (var harness = restored(after, saved)) {
            LossAggregate shifted = brier("m", 10, 0.30);
            set(shifted, Metric.ERROR_RATE, 0.35, 0.015);
            harness.processElement(shifted, 0);
            harness.processElement(classifier("m", 11, BASELINE_CE, 0.35, 1000), 0);
            assertThat(harness.extractOutputValues()).extracting(a -> a.rule + ":" + a.state + "@" + a.windowStart)
                    .as("the Page-Hinkley mean of nine windows carries over, so one shifted window fires; the firing "
                            + "error-rate alert is clear under its new threshold and resolves, never firing again")
                    .containsExactly("brier-shift:firing@" + 10 * MINUTE, "high-error:resolved@" + 11 * MINUTE);
            assertThat(harness.extractOutputValues().get(0).baseline).isEqualTo(0.18, within(1e-9));
        }
    }

    @Test
    void aRemovedRuleDropsItsStateAndResolvesItsFiringAlert(@TempDir Path dir) throws Exception {
        OperatorSubtaskState saved;
        try (var harness = harness(rules(dir, """
                rules:
                  - name: high-error
                    metric: error_rate
                    value: 0.3
                """))) {
            harness.processElement(classifier("m", 0, BASELINE_CE, 0.35, 1000), 0);
            saved = harness.snapshot(1, 1);
        }
        try (var harness = restored(new AlertSettings(false, 3, 0.2, 100, 5, 2, List.of(),
                AlertSettings.DEFAULT_KEY_TTL), saved)) {
            harness.processElement(classifier("m", 1, BASELINE_CE, 0.35, 1000), 0);
            harness.processElement(classifier("m", 2, BASELINE_CE, 0.35, 1000), 0);
            List<Alert> alerts = harness.extractOutputValues();
            assertThat(alerts).as("one resolution, in the first window without the rule").singleElement()
                    .satisfies(a -> {
                        assertThat(a.rule + ":" + a.metric + ":" + a.state).isEqualTo("high-error:error_rate:resolved");
                        assertThat(a.windowStart).isEqualTo(MINUTE);
                        assertThat(a.message).isEqualTo("rule high-error on error_rate is no longer in the rules file "
                                + "for this model: its alert is resolved");
                    });
        }
    }

    @Test
    void aKeyThatSendsNothingForTheKeyTtlLosesItsStateAndItsTimer() throws Exception {
        Duration ttl = Duration.ofMinutes(10);
        AlertSettings settings = new AlertSettings(true, 3, 0.2, 100, 5, 2, List.of(), ttl);
        try (var harness = harness(settings)) {
            for (int w = 0; w < 8; w++) {
                harness.processElement(classifier("retired", w, BASELINE_CE, 0.25, 1000), 0);
            }
            for (int w = 0; w < 20; w++) {
                harness.processElement(classifier("active", w, BASELINE_CE, 0.25, 1000), 0);
            }
            long silentSince = 8 * MINUTE;
            harness.processWatermark(silentSince + ttl.toMillis() - 1);
            assertThat(harness.numKeyedStateEntries()).as("both keys keep their state within the TTL").isEqualTo(2);
            harness.processWatermark(silentSince + ttl.toMillis());
            assertThat(harness.numKeyedStateEntries()).as("the retired key's state is gone").isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).as("only the active key's expiry is pending").isEqualTo(1);

            harness.processElement(classifier("retired", 30, 0.91, 0.25, 1000), 0);
            assertThat(harness.extractOutputValues()).as("a returning key starts a new baseline: no alert in its "
                    + "warm-up").isEmpty();
            harness.processWatermark(20 * MINUTE + ttl.toMillis());
            assertThat(harness.numKeyedStateEntries()).as("the active key expires like any other").isEqualTo(1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<ModelKey, LossAggregate, Alert> harness(
            AlertSettings settings) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new DriftDetector(settings),
                new AggregateKeySelector(), TypeInformation.of(ModelKey.class));
        harness.open();
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<ModelKey, LossAggregate, Alert> restored(
            AlertSettings settings, OperatorSubtaskState state) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new DriftDetector(settings),
                new AggregateKeySelector(), TypeInformation.of(ModelKey.class));
        harness.initializeState(state);
        harness.open();
        return harness;
    }

    /** Settings with the default rule off and the rules of a rules file. */
    private static AlertSettings rules(Path dir, String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "rules", ".yaml");
        Files.writeString(file, yaml);
        return new AlertSettings(false, 3, 0.2, 100, 5, 2, AlertRulesFile.read(file), AlertSettings.DEFAULT_KEY_TTL);
    }

    private static LossAggregate classifier(String model, int window, double crossEntropy, double errorRate,
                                            long count) {
        LossAggregate a = aggregate(model, Task.BINARY, window, count);
        set(a, Metric.CROSS_ENTROPY, crossEntropy, STDERR);
        set(a, Metric.ERROR_RATE, errorRate, Math.sqrt(errorRate * (1 - errorRate) / count));
        set(a, Metric.BRIER, 0.18, 0.01);
        return a;
    }

    private static LossAggregate brier(String model, int window, double brier) {
        LossAggregate a = classifier(model, window, BASELINE_CE, 0.25, 1000);
        set(a, Metric.BRIER, brier, 0.01);
        return a;
    }

    private static LossAggregate ranker(String model, int window, double ndcg, double hitRate) {
        LossAggregate a = aggregate(model, Task.RANKING, window, 1000);
        set(a, Metric.NDCG_AT_K, ndcg, 0.01);
        set(a, Metric.HIT_RATE_AT_K, hitRate, 0.007);
        return a;
    }

    private static LossAggregate regressor(String model, int window, double mse, double stderr, long count) {
        LossAggregate a = aggregate(model, Task.REGRESSION, window, count);
        set(a, Metric.MSE, mse, stderr);
        return a;
    }

    private static LossAggregate aggregate(String model, Task task, int window, long count) {
        LossAggregate a = new LossAggregate();
        a.model = model;
        a.task = task;
        a.windowStart = window * MINUTE;
        a.windowEnd = (window + 1) * MINUTE;
        a.count = count;
        a.values = new double[Metric.values().length];
        a.standardErrors = new double[Metric.values().length];
        Arrays.fill(a.values, Double.NaN);
        Arrays.fill(a.standardErrors, Double.NaN);
        return a;
    }

    private static void set(LossAggregate a, Metric metric, double value, double stderr) {
        a.values[metric.ordinal()] = value;
        a.standardErrors[metric.ordinal()] = stderr;
    }
}

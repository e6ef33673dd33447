package io.lossmonitor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Release 0.1's alert state, which kept rule trackers by position and baselines by role, moved into state by name:
 * the baselines always, the rule trackers only where the rules file still lines up with them.
 */
class DriftStateTest {

    private static final ThresholdRule HIGH_ERROR = threshold("high-error", Metric.ERROR_RATE);
    private static final ThresholdRule HIGH_BRIER = threshold("high-brier", Metric.BRIER);
    private static final ThresholdRule BRIER_SHIFT = new ThresholdRule("brier-shift", Metric.BRIER, Inequality.GREATER,
            Double.NaN, null, null, null, 1, new ThresholdRule.PageHinkleyParameters(0.005, 0.1));

    @Test
    void aClassifiersBaselinesAreNamedByMetricAndItsRuleTrackersByTheRulesInTheSamePlaces() {
        DriftState state = release01(new RuleTracker(), shiftTracker());
        assertThat(DriftStateOf01.move(state, Task.BINARY, List.of(HIGH_ERROR, BRIER_SHIFT))).isTrue();

        assertThat(state.baselines).containsOnlyKeys("cross_entropy", "error_rate");
        assertThat(state.baselines.get("cross_entropy").mean).isEqualTo(0.42);
        assertThat(state.ruleTrackers).containsOnlyKeys("high-error", "brier-shift");
        assertThat(state.ruleTrackers.get("brier-shift").windows).isEqualTo(9);
        assertThat(state.ruleTrackers.get("brier-shift").isFor(BRIER_SHIFT)).isTrue();
        assertThat(state.loss).isNull();
        assertThat(state.rules).isNull();
        assertThat(DriftStateOf01.isRelease01(state)).isFalse();
    }

    @Test
    void aShiftDetectorKeptForARiseIsNotReadForADrop() {
        ThresholdRule accuracyShift = new ThresholdRule("accuracy-shift", Metric.ACCURACY, Inequality.GREATER,
                Double.NaN, null, null, null, 1, new ThresholdRule.PageHinkleyParameters(0.005, 0.1));
        DriftState state = release01(new RuleTracker(), shiftTracker());
        DriftStateOf01.move(state, Task.BINARY, List.of(HIGH_ERROR, accuracyShift));
        assertThat(state.ruleTrackers.get("accuracy-shift").isFor(accuracyShift))
                .as("0.1's statistics watched accuracy for a rise; the rule now watches it for a drop, afresh").isFalse();
        assertThat(RuleTracker.of(accuracyShift).isFor(accuracyShift)).isTrue();
        assertThat(RuleTracker.of(BRIER_SHIFT).detector).as("a loss's detector keeps its name")
                .isEqualTo(RuleTracker.PAGE_HINKLEY);
    }

    @Test
    void aRegressorsLossBaselineIsItsMse() {
        DriftState state = release01();
        DriftStateOf01.move(state, Task.REGRESSION, List.of());
        assertThat(state.baselines).as("0.1 kept an unused error-rate tracker for regressors").containsOnlyKeys("mse");
    }

    @Test
    void ruleTrackersStartAfreshWhenTheRulesFileNoLongerLinesUpWithThem() {
        DriftState moreRules = release01(new RuleTracker());
        assertThat(DriftStateOf01.move(moreRules, Task.BINARY, List.of(HIGH_BRIER, HIGH_ERROR))).isFalse();
        assertThat(moreRules.ruleTrackers).as("a rule added in front").isEmpty();
        assertThat(moreRules.baselines).containsOnlyKeys("cross_entropy", "error_rate");

        DriftState swapped = release01(new RuleTracker(), shiftTracker());
        assertThat(DriftStateOf01.move(swapped, Task.BINARY, List.of(HIGH_ERROR, HIGH_BRIER))).isFalse();
        assertThat(swapped.ruleTrackers).as("a Page-Hinkley tracker where a threshold rule now is").isEmpty();
    }

    private static DriftState release01(RuleTracker... rules) {
        DriftState state = new DriftState();
        state.loss = new BaselineTracker();
        state.loss.mean = 0.42;
        state.errorRate = new BaselineTracker();
        state.rules = rules;
        return state;
    }

    private static RuleTracker shiftTracker() {
        RuleTracker tracker = new RuleTracker();
        tracker.windows = 9;
        tracker.mean = 0.18;
        return tracker;
    }

    private static ThresholdRule threshold(String name, Metric metric) {
        return new ThresholdRule(name, metric, Inequality.GREATER, 0.3, null, null, null, 1, null);
    }
}

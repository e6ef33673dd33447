package io.lossmonitor.alert;

import io.lossmonitor.event.Task;
import io.lossmonitor.window.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All alerting state of one key (a Flink POJO, so a later release may add fields): the default rule's trackers by
 * metric name, the rules file's trackers by rule name, and the end of the key's latest window, from which its state
 * expires.
 */
public class DriftState {

    /** The default rule's trackers by metric name: cross_entropy and error_rate, or mse. */
    public Map<String, BaselineTracker> baselines;
    /** The rules file's trackers by rule name. */
    public Map<String, RuleTracker> ruleTrackers;
    /** End of the key's latest window, epoch ms; null for state restored from release 0.1 until its first timer. */
    public Long lastWindowEnd;

    /** Release 0.1: the default rule's cross-entropy (classifiers) or MSE (regressors) tracker. */
    public BaselineTracker loss;
    /** Release 0.1: the default rule's error-rate tracker. */
    public BaselineTracker errorRate;
    /** Release 0.1: the rules file's trackers, by the rules' positions in the file. */
    public RuleTracker[] rules;

    public DriftState() {}

    static DriftState fresh() {
        DriftState state = new DriftState();
        state.baselines = new HashMap<>();
        state.ruleTrackers = new HashMap<>();
        return state;
    }

    /** Whether each of the key's alerts is firing, by (metric, rule name): the default rule's and the rules file's. */
    Map<List<String>, Boolean> alertStates() {
        Map<List<String>, Boolean> states = new HashMap<>();
        baselines.forEach((metric, tracker) -> states.put(List.of(metric, DriftDetector.BASELINE_RULE),
                tracker.alert.firing));
        ruleTrackers.forEach((rule, tracker) -> states.put(List.of(tracker.metric, rule), tracker.alert.firing));
        return states;
    }

    /** Whether this is release 0.1's state, not yet moved into the named fields. */
    boolean isRelease01() {
        return baselines == null;
    }

    /**
     * Moves release 0.1's state into the named fields. 0.1 kept rule trackers by position and no rule names, so they
     * carry over only when the rules file has as many rules as trackers, each of the kind its tracker was kept for;
     * otherwise the rules start afresh.
     *
     * @return whether the rule trackers carried over (true when there were none)
     */
    boolean upgradeRelease01(Task task, List<ThresholdRule> currentRules) {
        baselines = new HashMap<>();
        ruleTrackers = new HashMap<>();
        if (loss != null) {
            baselines.put((task.isClassification() ? Metric.CROSS_ENTROPY : Metric.MSE).jsonName(), loss);
        }
        if (errorRate != null && task.isClassification()) {
            baselines.put(Metric.ERROR_RATE.jsonName(), errorRate);
        }
        boolean carried = rules == null || rules.length == 0 || positionsFit(currentRules);
        if (carried && rules != null) {
            for (int i = 0; i < rules.length; i++) {
                ThresholdRule rule = currentRules.get(i);
                RuleTracker tracker = rules[i];
                tracker.metric = rule.metric().jsonName();
                tracker.detector = RuleTracker.detectorOf(rule);
                ruleTrackers.put(rule.name(), tracker);
            }
        }
        loss = null;
        errorRate = null;
        rules = null;
        return carried;
    }

    /** A threshold rule's tracker never counts windows; only a Page-Hinkley one does. */
    private boolean positionsFit(List<ThresholdRule> currentRules) {
        if (rules.length != currentRules.size()) {
            return false;
        }
        for (int i = 0; i < rules.length; i++) {
            if (currentRules.get(i).pageHinkley() == null && rules[i].windows > 0) {
                return false;
            }
        }
        return true;
    }
}

package io.lossmonitor.alert;

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

    /** Release 0.1: the default rule's cross-entropy (classifiers) or MSE (regressors) tracker ({@link DriftStateOf01}). */
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
}

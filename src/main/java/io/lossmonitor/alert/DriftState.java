package io.lossmonitor.alert;

/** All alerting state of one key: the default rule's two trackers and one tracker per user rule (a Flink POJO). */
public class DriftState {

    /** Cross-entropy for classifiers, MSE for regressors. */
    public BaselineTracker loss;
    public BaselineTracker errorRate;
    public RuleTracker[] rules;

    public DriftState() {}

    static DriftState create(int ruleCount) {
        DriftState state = new DriftState();
        state.loss = new BaselineTracker();
        state.errorRate = new BaselineTracker();
        state.rules = new RuleTracker[ruleCount];
        for (int i = 0; i < ruleCount; i++) {
            state.rules[i] = new RuleTracker();
        }
        return state;
    }
}

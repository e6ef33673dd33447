package io.lossmonitor.alert;

import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.savepoint.RestoredKeys;
import io.lossmonitor.window.ModelKey;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert state as release 0.1 kept it — in {@link DriftState}'s fields {@code loss}, {@code errorRate} and
 * {@code rules} (the rules file's trackers by position, without names), and without an expiry — moved into the state
 * by name once, when the detector starts from a savepoint that holds it, so that a key that never sends again still
 * expires.
 */
final class DriftStateOf01 {

    /** The time of the timer that gives state restored from release 0.1 its first expiry: the first watermark. */
    static final long FIRST_WATERMARK = Long.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(DriftStateOf01.class);

    private final KeyedStateBackend<ModelKey> backend;
    private final ValueState<DriftState> state;
    private final InternalTimerService<VoidNamespace> timers;
    private final List<ThresholdRule> rules;

    DriftStateOf01(KeyedStateBackend<ModelKey> backend, ValueState<DriftState> state,
                   InternalTimerService<VoidNamespace> timers, List<ThresholdRule> rules) {
        this.backend = backend;
        this.state = state;
        this.timers = timers;
        this.rules = rules;
    }

    void moveIntoCurrentState() throws Exception {
        int[] upgraded = {0};
        int[] rulesReset = {0};
        RestoredKeys.forEach(backend, DriftDetector.STATE.getName(), () -> state, (key, drifts) -> {
            DriftState drift = drifts.value();
            if (drift != null && isRelease01(drift)) {
                if (!move(drift, key.task, rules)) {
                    rulesReset[0]++;
                }
                drifts.update(drift);
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, FIRST_WATERMARK);
                upgraded[0]++;
            }
        });
        if (upgraded[0] > 0) {
            LOG.info("Moved the alert state of {} keys from release 0.1 to state by name; the rule state of {} of them "
                    + "started afresh, their rules file not having the same rules in the same order", upgraded[0],
                    rulesReset[0]);
        }
    }

    /** Whether this is release 0.1's state, not yet moved into the named fields. */
    static boolean isRelease01(DriftState drift) {
        return drift.baselines == null;
    }

    /**
     * Moves release 0.1's state into the named fields. 0.1 kept rule trackers by position and no rule names, so they
     * carry over only when the rules file has as many rules as trackers, each of the kind its tracker was kept for;
     * otherwise the rules start afresh.
     *
     * @return whether the rule trackers carried over (true when there were none)
     */
    static boolean move(DriftState drift, Task task, List<ThresholdRule> currentRules) {
        drift.baselines = new HashMap<>();
        drift.ruleTrackers = new HashMap<>();
        if (drift.loss != null) {
            drift.baselines.put((task.isClassification() ? Metric.CROSS_ENTROPY : Metric.MSE).jsonName(), drift.loss);
        }
        if (drift.errorRate != null && task.isClassification()) {
            drift.baselines.put(Metric.ERROR_RATE.jsonName(), drift.errorRate);
        }
        RuleTracker[] kept = drift.rules;
        boolean carried = kept == null || kept.length == 0 || positionsFit(kept, currentRules);
        if (carried && kept != null) {
            for (int i = 0; i < kept.length; i++) {
                ThresholdRule rule = currentRules.get(i);
                RuleTracker tracker = kept[i];
                tracker.metric = rule.metric().jsonName();
                // 0.1's Page-Hinkley detectors all watched for a rise: one of a metric now watched for a drop restarts.
                tracker.detector = rule.pageHinkley() == null ? RuleTracker.THRESHOLD : RuleTracker.PAGE_HINKLEY;
                drift.ruleTrackers.put(rule.name(), tracker);
            }
        }
        drift.loss = null;
        drift.errorRate = null;
        drift.rules = null;
        return carried;
    }

    /** A threshold rule's tracker never counts windows; only a Page-Hinkley one does. */
    private static boolean positionsFit(RuleTracker[] kept, List<ThresholdRule> currentRules) {
        if (kept.length != currentRules.size()) {
            return false;
        }
        for (int i = 0; i < kept.length; i++) {
            if (currentRules.get(i).pageHinkley() == null && kept[i].windows > 0) {
                return false;
            }
        }
        return true;
    }
}

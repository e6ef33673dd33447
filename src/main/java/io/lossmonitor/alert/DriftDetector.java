package io.lossmonitor.alert;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.window.ModelKey;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Alerts on each key's stream of on-time window aggregates: the default baseline rule (the task's loss, and its error
 * rate) and the user's threshold and Page-Hinkley rules, each firing once when its condition starts and
 * resolving after enough clear windows; late revisions of a window are not judged again. It also keeps each key's
 * latest metrics as gauges. A key whose latest window ended more than the key TTL of event time ago loses both.
 *
 * <p>State is addressed by name: baselines by metric, rule trackers by rule name, so rules can be added, removed,
 * reordered or given new thresholds between runs. A rule that is gone, or no longer applies to the key, drops its
 * state, resolving its alert if it was firing.
 */
public class DriftDetector extends AbstractStreamOperator<Alert>
        implements OneInputStreamOperator<LossAggregate, Alert>, Triggerable<ModelKey, VoidNamespace> {

    public static final String BASELINE_RULE = "baseline";
    /** Counter of the alert records (firing and resolved) the job's rules and comparisons raise. */
    public static final String ALERTS_RAISED = "alertsRaised";

    static final ValueStateDescriptor<DriftState> STATE =
            new ValueStateDescriptor<>("drift", TypeInformation.of(DriftState.class));

    private final AlertSettings settings;
    private final long keyTtl;
    private transient Map<String, ThresholdRule> rulesByName;
    private transient ValueState<DriftState> state;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient LossGauges gauges;
    private transient Counter raised;

    public DriftDetector(AlertSettings settings) {
        this.settings = settings;
        this.keyTtl = settings.keyTtl().toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        rulesByName = settings.rules().stream().collect(Collectors.toMap(ThresholdRule::name, Function.identity()));
        state = getPartitionedState(STATE);
        timers = getInternalTimerService("key-ttl", VoidNamespaceSerializer.INSTANCE, this);
        gauges = new LossGauges(getMetricGroup());
        raised = getMetricGroup().counter(ALERTS_RAISED);
        new DriftStateOf01(this.<ModelKey>getKeyedStateBackend(), state, timers, settings.rules())
                .moveIntoCurrentState();
    }

    @Override
    public void processElement(StreamRecord<LossAggregate> record) throws Exception {
        LossAggregate aggregate = record.getValue();
        DriftState drift = state.value();
        if (drift == null) {
            drift = DriftState.fresh();
        }
        touch(drift, aggregate.windowEnd);
        gauges.update(aggregate);
        if (aggregate.revision == 0) {
            judge(drift, aggregate, record.getTimestamp());
        }
        gauges.alertStates((ModelKey) getCurrentKey(), drift.alertStates());
        state.update(drift);
    }

    /** Moves the key's expiry to {@code windowEnd} + TTL, if that window is its latest. */
    private void touch(DriftState drift, long windowEnd) {
        if (drift.lastWindowEnd == null) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, DriftStateOf01.FIRST_WATERMARK);
        } else if (windowEnd <= drift.lastWindowEnd) {
            return;
        } else {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, expiry(drift.lastWindowEnd));
        }
        drift.lastWindowEnd = windowEnd;
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry(windowEnd));
    }

    private long expiry(long time) {
        return time > Long.MAX_VALUE - keyTtl ? Long.MAX_VALUE : time + keyTtl;
    }

    @Override
    public void onEventTime(InternalTimer<ModelKey, VoidNamespace> timer) throws Exception {
        DriftState drift = state.value();
        if (drift == null) {
            return;
        }
        if (drift.lastWindowEnd == null) {
            // Restored from 0.1 with no window since: its silence counts from the first watermark after the restore.
            drift.lastWindowEnd = timers.currentWatermark();
            state.update(drift);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry(drift.lastWindowEnd));
        } else if (expiry(drift.lastWindowEnd) <= timer.getTimestamp()) {
            state.clear();
            gauges.remove(timer.getKey());
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<ModelKey, VoidNamespace> timer) {
        // No processing-time timers.
    }

    private void judge(DriftState drift, LossAggregate a, long timestamp) {
        if (settings.baselineRule() && a.count >= settings.minCount()) {
            for (Metric metric : Metric.watchedByBaseline(a.task)) {
                baseline(drift, metric, a, timestamp);
            }
        }
        dropRetiredRules(drift, a, timestamp);
        for (ThresholdRule rule : settings.rules()) {
            double value = a.value(rule.metric());
            if (rule.matches(a) && a.eventsOf(rule.metric()) >= rule.minCount() && !Double.isNaN(value)) {
                RuleTracker tracker = drift.ruleTrackers.get(rule.name());
                if (tracker == null || !tracker.isFor(rule)) {
                    if (tracker != null && tracker.alert.firing) {
                        emit(retired(a, rule.name(), tracker, "now watches " + rule.metric().jsonName()), timestamp);
                    }
                    tracker = RuleTracker.of(rule);
                    drift.ruleTrackers.put(rule.name(), tracker);
                }
                userRule(rule, tracker, value, a, timestamp);
            }
        }
    }

    /** Drops the state of rules that are gone from the rules file or no longer apply to this key. */
    private void dropRetiredRules(DriftState drift, LossAggregate a, long timestamp) {
        Iterator<Map.Entry<String, RuleTracker>> trackers = drift.ruleTrackers.entrySet().iterator();
        while (trackers.hasNext()) {
            Map.Entry<String, RuleTracker> entry = trackers.next();
            ThresholdRule rule = rulesByName.get(entry.getKey());
            if (rule == null || !rule.matches(a)) {
                if (entry.getValue().alert.firing) {
                    emit(retired(a, entry.getKey(), entry.getValue(), "is no longer in the rules file for this model"),
                            timestamp);
                }
                trackers.remove();
            }
        }
    }

    private void baseline(DriftState drift, Metric metric, LossAggregate a, long timestamp) {
        double value = a.value(metric);
        if (Double.isNaN(value)) {
            return;
        }
        BaselineTracker tracker = drift.baselines.computeIfAbsent(metric.jsonName(), name -> new BaselineTracker());
        Transition t = tracker.observe(value, a.standardError(metric), metric.higherIsBetter(), settings);
        if (t == Transition.NONE) {
            return;
        }
        Alert alert = alert(a, metric.jsonName(), BASELINE_RULE, value);
        alert.baseline = tracker.lastBaseline;
        alert.threshold = tracker.lastThreshold;
        if (t == Transition.FIRE) {
            alert.state = Alert.FIRING;
            alert.message = AlertMessages.baselineFiring(metric, value, tracker, a.count);
        } else {
            alert.state = Alert.RESOLVED;
            alert.message = AlertMessages.baselineResolved(metric.jsonName(), value, tracker, settings.resolveAfter());
        }
        emit(alert, timestamp);
    }

    private void userRule(ThresholdRule rule, RuleTracker tracker, double value, LossAggregate a, long timestamp) {
        Transition t = tracker.observe(rule, value, settings.resolveAfter());
        if (t == Transition.NONE) {
            return;
        }
        Alert alert = alert(a, rule.metric().jsonName(), rule.name(), value);
        boolean firing = t == Transition.FIRE;
        alert.state = firing ? Alert.FIRING : Alert.RESOLVED;
        if (rule.pageHinkley() == null) {
            alert.threshold = rule.value();
            alert.message = firing ? AlertMessages.thresholdFiring(rule, value, a.count)
                    : AlertMessages.thresholdResolved(rule, value, settings.resolveAfter());
        } else {
            alert.baseline = tracker.reference;
            alert.threshold = rule.pageHinkley().lambda();
            alert.message = firing ? AlertMessages.shiftFiring(rule, value, tracker, a.count)
                    : AlertMessages.shiftResolved(rule, value, tracker, settings.resolveAfter());
        }
        emit(alert, timestamp);
    }

    /** The resolution of a firing alert whose rule changed or went away. */
    private static Alert retired(LossAggregate a, String rule, RuleTracker tracker, String why) {
        Alert alert = alert(a, tracker.metric, rule, Double.NaN);
        alert.state = Alert.RESOLVED;
        alert.message = AlertMessages.ruleRetired(rule, tracker.metric, why);
        return alert;
    }

    private void emit(Alert alert, long timestamp) {
        output.collect(new StreamRecord<>(alert, timestamp));
        raised.inc();
    }

    private static Alert alert(LossAggregate a, String metric, String rule, double value) {
        Alert alert = new Alert();
        alert.model = a.model;
        alert.version = a.version;
        alert.segment = a.segment;
        alert.metric = metric;
        alert.rule = rule;
        alert.windowStart = a.windowStart;
        alert.windowEnd = a.windowEnd;
        alert.value = value;
        return alert;
    }
}

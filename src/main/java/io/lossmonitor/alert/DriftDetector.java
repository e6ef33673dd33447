package io.lossmonitor.alert;

import io.lossmonitor.window.LossAggregate;
import io.lossmonitor.window.Metric;
import io.lossmonitor.window.ModelKey;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Alerts on each key's stream of on-time window aggregates: the default baseline rule (cross-entropy or MSE, and
 * error rate) and the user's threshold and Page-Hinkley rules, each firing once when its condition starts and
 * resolving after enough clear windows. Late revisions of a window are not judged again.
 */
public class DriftDetector extends KeyedProcessFunction<ModelKey, LossAggregate, Alert> {

    public static final String BASELINE_RULE = "baseline";

    private final AlertSettings settings;
    private transient ValueState<DriftState> state;

    public DriftDetector(AlertSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("drift", TypeInformation.of(DriftState.class)));
    }

    @Override
    public void processElement(LossAggregate aggregate, Context ctx, Collector<Alert> out) throws Exception {
        if (aggregate.revision > 0) {
            return;
        }
        DriftState drift = state.value();
        if (drift == null) {
            drift = DriftState.create(settings.rules().size());
        }
        if (settings.baselineRule() && aggregate.count >= settings.minCount()) {
            Metric loss = aggregate.task.isClassification() ? Metric.CROSS_ENTROPY : Metric.MSE;
            baseline(drift.loss, loss, aggregate, out);
            if (aggregate.task.isClassification()) {
                baseline(drift.errorRate, Metric.ERROR_RATE, aggregate, out);
            }
        }
        List<ThresholdRule> rules = settings.rules();
        for (int i = 0; i < rules.size(); i++) {
            ThresholdRule rule = rules.get(i);
            double value = aggregate.value(rule.metric());
            if (rule.matches(aggregate) && aggregate.count >= rule.minCount() && !Double.isNaN(value)) {
                userRule(rule, drift.rules[i], value, aggregate, out);
            }
        }
        state.update(drift);
    }

    private void baseline(BaselineTracker tracker, Metric metric, LossAggregate a, Collector<Alert> out) {
        double value = a.value(metric);
        if (Double.isNaN(value)) {
            return;
        }
        Transition t = tracker.observe(value, a.standardError(metric), settings);
        if (t == Transition.NONE) {
            return;
        }
        Alert alert = alert(a, metric.jsonName(), BASELINE_RULE, value);
        alert.baseline = tracker.lastBaseline;
        alert.threshold = tracker.lastThreshold;
        if (t == Transition.FIRE) {
            alert.state = Alert.FIRING;
            alert.message = AlertMessages.baselineFiring(metric.jsonName(), value, tracker, a.count);
        } else {
            alert.state = Alert.RESOLVED;
            alert.message = AlertMessages.baselineResolved(metric.jsonName(), value, tracker, settings.resolveAfter());
        }
        out.collect(alert);
    }

    private void userRule(ThresholdRule rule, RuleTracker tracker, double value, LossAggregate a,
                          Collector<Alert> out) {
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
        out.collect(alert);
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

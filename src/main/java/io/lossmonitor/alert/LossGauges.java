package io.lossmonitor.alert;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.window.ModelKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The latest window's metrics of each (model, version, segment) as Flink gauges, so any metric reporter (e.g.
 * Prometheus) can chart and alert on them: group {@code model}/{@code version}/{@code segment}, one gauge per
 * catalogue metric of the key's task, registered once the metric first has a value. Only {@link #MAX_KEYS} keys of
 * a subtask have gauges at a time (metric systems are not built for unbounded label sets; the aggregates topic has
 * every key), and a key that is {@linkplain #remove removed} frees its place and unregisters its gauges. Beside them,
 * the state of each of the key's alerts (group {@code metric}/{@code rule}, gauge {@value #ALERT_FIRING}: 1 firing,
 * 0 resolved).
 */
public final class LossGauges {

    public static final int MAX_KEYS = 1000;
    public static final String ALERT_FIRING = "alert_firing";

    private final MetricGroup metrics;
    private final Map<ModelKey, KeyGauges> keys = new HashMap<>();
    /** Live keys under each model, and each (model, version): a group is closed when its last key is removed. */
    private final Map<List<String>, Integer> keysUnder = new HashMap<>();

    public LossGauges(MetricGroup metrics) {
        this.metrics = metrics;
    }

    /** Records an aggregate's values; a key's first aggregate gives it gauges, if there is room. */
    public void update(LossAggregate aggregate) {
        ModelKey key = new ModelKey(aggregate.model, aggregate.version, aggregate.segment, aggregate.task);
        KeyGauges gauges = keys.get(key);
        if (gauges == null) {
            if (keys.size() >= MAX_KEYS) {
                return;
            }
            gauges = new KeyGauges(groupOf(key));
            keys.put(key, gauges);
            for (List<String> path : paths(key)) {
                keysUnder.merge(path, 1, Integer::sum);
            }
        }
        gauges.update(aggregate);
    }

    /**
     * Sets the state of each of a key's alerts, by (metric, rule): an alert not in {@code firing} any more (its rule
     * gone) loses its gauge. A key without gauges (no room) is left out.
     */
    public void alertStates(ModelKey key, Map<List<String>, Boolean> firing) {
        KeyGauges gauges = keys.get(key);
        if (gauges != null) {
            gauges.alertStates(firing);
        }
    }

    /** Unregisters a key's gauges, and closes its model's and version's groups when no other key is in them. */
    public void remove(ModelKey key) {
        KeyGauges gauges = keys.remove(key);
        if (gauges == null) {
            return;
        }
        MetricGroup unused = null;
        for (List<String> path : paths(key)) {
            if (keysUnder.merge(path, -1, Integer::sum) == 0) {
                keysUnder.remove(path);
                if (unused == null) {
                    unused = group(path);
                }
            }
        }
        // A group another key still uses (the same model, version and segment for another task) stays.
        if (unused != null) {
            MetricGroups.remove(unused);
        }
    }

    private MetricGroup groupOf(ModelKey key) {
        return group(List.of(key.model, label(key.version), label(key.segment)));
    }

    private MetricGroup group(List<String> path) {
        MetricGroup group = metrics.addGroup("model", path.get(0));
        if (path.size() > 1) {
            group = group.addGroup("version", path.get(1));
        }
        if (path.size() > 2) {
            group = group.addGroup("segment", path.get(2));
        }
        return group;
    }

    /** The model's group, the version's and the segment's, outermost first. */
    private static List<List<String>> paths(ModelKey key) {
        String version = label(key.version);
        return List.of(List.of(key.model), List.of(key.model, version),
                List.of(key.model, version, label(key.segment)));
    }

    /** A version or segment as a label value: {@code none} for a missing one. */
    public static String label(String value) {
        return value == null ? "none" : value;
    }

    /** One key's latest values and which of its metrics have a gauge, and its alerts' states. */
    private static final class KeyGauges {
        private final MetricGroup group;
        private final double[] latest = new double[Metric.values().length];
        private final boolean[] registered = new boolean[Metric.values().length];
        private final Map<List<String>, boolean[]> alerts = new HashMap<>();

        KeyGauges(MetricGroup group) {
            this.group = group;
            Arrays.fill(latest, Double.NaN);
        }

        void update(LossAggregate aggregate) {
            System.arraycopy(aggregate.values, 0, latest, 0, latest.length);
            for (Metric metric : Metric.values()) {
                int index = metric.ordinal();
                if (!registered[index] && !Double.isNaN(latest[index])) {
                    registered[index] = true;
                    group.gauge(metric.jsonName(), (Gauge<Double>) () -> latest[index]);
                }
            }
        }

        void alertStates(Map<List<String>, Boolean> firing) {
            Iterator<Map.Entry<List<String>, boolean[]>> known = alerts.entrySet().iterator();
            while (known.hasNext()) {
                List<String> metricAndRule = known.next().getKey();
                if (!firing.containsKey(metricAndRule)) {
                    known.remove();
                    MetricGroups.remove(alertGroup(metricAndRule));
                }
            }
            firing.forEach((metricAndRule, now) -> alerts.computeIfAbsent(metricAndRule, k -> {
                boolean[] state = new boolean[1];
                alertGroup(k).gauge(ALERT_FIRING, (Gauge<Integer>) () -> state[0] ? 1 : 0);
                return state;
            })[0] = now);
        }

        private MetricGroup alertGroup(List<String> metricAndRule) {
            return group.addGroup("metric", metricAndRule.get(0)).addGroup("rule", metricAndRule.get(1));
        }
    }
}

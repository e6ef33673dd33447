package io.lossmonitor.window;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The latest window's losses of each (model, version, segment) as Flink gauges, so any metric reporter (e.g.
 * Prometheus) can chart and alert on them: group {@code model}/{@code version}/{@code segment}, one gauge per
 * metric that applies to the model's task. Only the first {@link #MAX_KEYS} keys of a subtask get gauges: metric
 * systems are not built for unbounded label sets, and the aggregates topic has every key anyway.
 */
public final class LossGauges {

    public static final int MAX_KEYS = 1000;

    private final MetricGroup metrics;
    private final Map<ModelKey, double[]> latest = new HashMap<>();

    public LossGauges(MetricGroup metrics) {
        this.metrics = metrics;
    }

    /** Records an aggregate's values; the first aggregate of a key registers its gauges. */
    public void update(LossAggregate aggregate) {
        ModelKey key = new ModelKey(aggregate.model, aggregate.version, aggregate.segment, aggregate.task);
        double[] values = latest.get(key);
        if (values == null) {
            if (latest.size() >= MAX_KEYS) {
                return;
            }
            values = register(key, aggregate);
        }
        System.arraycopy(aggregate.values, 0, values, 0, values.length);
    }

    private double[] register(ModelKey key, LossAggregate aggregate) {
        double[] values = new double[Metric.values().length];
        latest.put(key, values);
        MetricGroup group = metrics.addGroup("model", key.model)
                .addGroup("version", key.version == null ? "none" : key.version)
                .addGroup("segment", key.segment == null ? "none" : key.segment);
        for (Metric metric : Metric.values()) {
            if (!Double.isNaN(aggregate.value(metric))) {
                int index = metric.ordinal();
                group.gauge(metric.jsonName(), (Gauge<Double>) () -> latest.get(key)[index]);
            }
        }
        return values;
    }
}

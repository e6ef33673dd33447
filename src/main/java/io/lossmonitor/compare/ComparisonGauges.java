package io.lossmonitor.compare;

import io.lossmonitor.alert.LossGauges;
import io.lossmonitor.alert.MetricGroups;
import io.lossmonitor.compare.ConfidenceSequence.Verdict;
import io.lossmonitor.metric.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Each comparison's cumulative paired differences as Flink gauges: group {@code champion}/{@code challenger}/
 * {@code segment}/{@code metric}, gauges {@code difference}, {@code cs_low}, {@code cs_high} and {@code verdict}
 * (1 challenger worse, −1 better, 0 undecided). At most {@link LossGauges#MAX_KEYS} comparisons of a subtask have
 * gauges at a time; a comparison that is {@linkplain #remove removed} unregisters them.
 */
public final class ComparisonGauges {

    private final MetricGroup metrics;
    private final Map<String, ComparisonGroup> comparisons = new HashMap<>();

    public ComparisonGauges(MetricGroup metrics) {
        this.metrics = metrics;
    }

    /** Records a comparison's cumulative differences; its first result gives it gauges, if there is room. */
    public void update(ComparisonResult result) {
        String key = ComparisonResult.key(result.champion, result.challenger, result.segment);
        if (!comparisons.containsKey(key)) {
            if (comparisons.size() >= LossGauges.MAX_KEYS) {
                return;
            }
            comparisons.put(key, new ComparisonGroup(metrics.addGroup("champion", result.champion)
                    .addGroup("challenger", result.challenger)
                    .addGroup("segment", LossGauges.label(result.segment)), new HashMap<>()));
        }
        ComparisonGroup comparison = comparisons.get(key);
        for (Metric metric : Metric.compared(result.task)) {
            PairedMoments d = result.cumulative.metrics.get(metric.jsonName());
            if (d == null) {
                continue;
            }
            double[] values = comparison.byMetric().computeIfAbsent(metric.jsonName(),
                    name -> register(comparison.group().addGroup("metric", name)));
            values[0] = d.mean;
            values[1] = ConfidenceSequence.low(d);
            values[2] = ConfidenceSequence.high(d);
            Verdict verdict = ConfidenceSequence.verdict(d, metric);
            values[3] = verdict == Verdict.WORSE ? 1 : verdict == Verdict.BETTER ? -1 : 0;
        }
    }

    /** Unregisters the gauges of the comparison of {@link ComparisonResult#key}. */
    public void remove(String key) {
        ComparisonGroup comparison = comparisons.remove(key);
        if (comparison != null) {
            MetricGroups.remove(comparison.group());
        }
    }

    private static double[] register(MetricGroup group) {
        double[] values = {Double.NaN, Double.NaN, Double.NaN, 0};
        List<String> names = List.of("difference", "cs_low", "cs_high", "verdict");
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            group.gauge(names.get(i), (Gauge<Double>) () -> values[index]);
        }
        return values;
    }

    /** One comparison's metric group and its gauges' values by metric name. */
    private record ComparisonGroup(MetricGroup group, Map<String, double[]> byMetric) {}
}

package io.lossmonitor.compare;

import io.lossmonitor.alert.Alert;
import io.lossmonitor.alert.DriftDetector;
import io.lossmonitor.compare.ConfidenceSequence.Verdict;
import io.lossmonitor.metric.Metric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Alerts on a comparison's cumulative verdicts: {@code firing} (rule {@code comparison}) when a loss's confidence
 * sequence decides that the challenger is worse or better, {@code resolved} when it returns to undecided. The
 * verdicts are kept by metric name; a comparison without a window for the key TTL loses them, and its gauges.
 */
public class ComparisonAlerts extends KeyedProcessFunction<String, ComparisonResult, Alert> {

    public static final String RULE = "comparison";

    private final long keyTtlMillis;

    private transient MapState<String, String> decided;
    private transient ValueState<Long> latestWindowEnd;
    private transient ComparisonGauges gauges;
    private transient Counter raised;

    public ComparisonAlerts(long keyTtlMillis) {
        this.keyTtlMillis = keyTtlMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        decided = getRuntimeContext().getMapState(new MapStateDescriptor<>("decided", Types.STRING, Types.STRING));
        latestWindowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-window-end", Types.LONG));
        gauges = new ComparisonGauges(getRuntimeContext().getMetricGroup());
        raised = getRuntimeContext().getMetricGroup().counter(DriftDetector.ALERTS_RAISED);
    }

    @Override
    public void processElement(ComparisonResult r, Context ctx, Collector<Alert> out) throws Exception {
        for (Metric metric : Metric.compared(r.task)) {
            PairedMoments d = r.cumulative.metrics.get(metric.jsonName());
            if (d == null) {
                continue;
            }
            Verdict now = ConfidenceSequence.verdict(d, metric);
            String before = decided.get(metric.jsonName());
            if (before != null && !before.equals(now.text())) {
                out.collect(alert(r, metric, d, Alert.RESOLVED, "no longer " + before));
                raised.inc();
                decided.remove(metric.jsonName());
            }
            if (now != Verdict.UNDECIDED && !now.text().equals(before)) {
                out.collect(alert(r, metric, d, Alert.FIRING, now.text()));
                raised.inc();
                decided.put(metric.jsonName(), now.text());
            }
        }
        gauges.update(r);
        latestWindowEnd.update(r.windowEnd);
        ctx.timerService().registerEventTimeTimer(r.windowEnd - 1 + keyTtlMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long latest = latestWindowEnd.value();
        if (latest != null && latest - 1 + keyTtlMillis <= timestamp) {
            decided.clear();
            latestWindowEnd.clear();
            gauges.remove(ctx.getCurrentKey());
        }
    }

    /** The alert of one metric's verdict: the challenger is the alert's model, the champion named beside it. */
    private static Alert alert(ComparisonResult r, Metric metric, PairedMoments d, String state, String verdict) {
        Alert a = new Alert();
        a.model = r.challenger;
        a.champion = r.champion;
        a.segment = r.segment;
        a.metric = metric.jsonName();
        a.rule = RULE;
        a.state = state;
        a.windowStart = r.windowStart;
        a.windowEnd = r.windowEnd;
        a.value = d.mean;
        a.message = message(verdict, metric, d.mean, ConfidenceSequence.low(d),
                ConfidenceSequence.high(d), d.n, r.challenger, r.champion);
        return a;
    }

    /**
     * E.g. "challenger worse on cross_entropy: +0.22 [0.17, 0.25] over 9,000 paired predictions (v2 vs v1)"; of a
     * metric where higher is better, "challenger worse on ndcg_at_k, where higher is better: −0.05 …".
     */
    private static String message(String verdict, Metric metric, double difference, double low, double high,
                                  long pairs, String challenger, String champion) {
        return String.format(Locale.ROOT, "%s on %s%s: %s [%s, %s] over %,d paired predictions (%s vs %s)", verdict,
                metric.jsonName(), metric.higherIsBetter() ? ", where higher is better" : "", (difference > 0 ? "+" : "") + twoDigits(difference), twoDigits(low), twoDigits(high), pairs,
                challenger, champion);
    }

    /** Two significant digits without trailing zeros: a difference and its bounds read at a glance. */
    private static String twoDigits(double v) {
        return Double.isFinite(v) ? new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString()
                : String.valueOf(v);
    }
}

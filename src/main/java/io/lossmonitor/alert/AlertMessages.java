package io.lossmonitor.alert;

import io.lossmonitor.metric.Metric;
import java.util.Locale;

/** The sentences of alert records, written for a person reading a pager or a chat channel. */
final class AlertMessages {

    private AlertMessages() {}

    static String baselineFiring(Metric metric, double value, BaselineTracker t, long count) {
        String move = Double.isInfinite(t.lastWorsening) ? "up from 0"
                : String.format(Locale.ROOT, "%+.0f %%", (metric.higherIsBetter() ? -100 : 100) * t.lastWorsening);
        return String.format(Locale.ROOT, "%s %s vs baseline %s ± %s (z=%.1f, %s%s) over %,d events",
                metric.jsonName(), number(value), number(t.lastBaseline), number(t.lastSigma), t.lastZ, move,
                metric.higherIsBetter() ? ", higher is better" : "", count);
    }

    static String baselineResolved(String metric, double value, BaselineTracker t, int windows) {
        return String.format(Locale.ROOT, "%s %s is back near its baseline %s for %d windows", metric,
                number(value), number(t.lastBaseline), windows);
    }

    static String thresholdFiring(ThresholdRule rule, double value, long count) {
        return String.format(Locale.ROOT, "%s %s %s %s (rule %s) over %,d events", rule.metric().jsonName(),
                number(value), rule.comparison().symbol(), number(rule.value()), rule.name(), count);
    }

    static String thresholdResolved(ThresholdRule rule, double value, int windows) {
        return String.format(Locale.ROOT, "%s %s, no longer %s %s (rule %s) for %d windows", rule.metric().jsonName(),
                number(value), rule.comparison().symbol(), number(rule.value()), rule.name(), windows);
    }

    static String shiftFiring(ThresholdRule rule, double value, RuleTracker t, long count) {
        return String.format(Locale.ROOT,
                "%s shifted %s to %s from a mean of %s: Page-Hinkley %s > λ %s (rule %s) over %,d events",
                rule.metric().jsonName(), rule.metric().higherIsBetter() ? "down" : "up", number(value), number(t.reference), number(t.statistic()),
                number(rule.pageHinkley().lambda()), rule.name(), count);
    }

    static String shiftResolved(ThresholdRule rule, double value, RuleTracker t, int windows) {
        return String.format(Locale.ROOT, "%s %s is back to its mean of %s (rule %s) for %d windows",
                rule.metric().jsonName(), number(value), number(t.reference), rule.name(), windows);
    }

    static String ruleRetired(String rule, String metric, String why) {
        return String.format(Locale.ROOT, "rule %s on %s %s: its alert is resolved", rule, metric, why);
    }

    static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : String.valueOf(v);
    }
}

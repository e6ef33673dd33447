package io.lossmonitor.alert;

/**
 * One user rule's state for one key (a Flink POJO, O(1)): the alert's hysteresis and, for a Page-Hinkley rule,
 * the detector's running statistics, with the metric and detector it was kept for.
 */
public class RuleTracker {

    static final String THRESHOLD = "threshold";
    static final String PAGE_HINKLEY = "page-hinkley";
    /**
     * A Page-Hinkley detector of a metric where higher is better, which watches for a downward shift: a name of its
     * own, so that statistics an earlier release kept for an upward one are not read the other way round.
     */
    static final String PAGE_HINKLEY_DOWNWARD = "page-hinkley-downward";

    public Hysteresis alert = new Hysteresis();
    /** The metric the rule watched when this state was kept. */
    public String metric;
    /** {@value #THRESHOLD}, {@value #PAGE_HINKLEY} or {@value #PAGE_HINKLEY_DOWNWARD}. */
    public String detector;
    /**
     * Page-Hinkley: windows, their running mean, the cumulative deviation and its minimum, of the metric's values
     * negated when higher is better.
     */
    public long windows;
    public double mean;
    public double cumulative;
    public double minimum;
    /** Page-Hinkley: the mean before the detected shift; the alert resolves when the metric is back to it. */
    public double reference;

    public RuleTracker() {}

    static RuleTracker of(ThresholdRule rule) {
        RuleTracker tracker = new RuleTracker();
        tracker.metric = rule.metric().jsonName();
        tracker.detector = detectorOf(rule);
        return tracker;
    }

    static String detectorOf(ThresholdRule rule) {
        if (rule.pageHinkley() == null) {
            return THRESHOLD;
        }
        return rule.metric().higherIsBetter() ? PAGE_HINKLEY_DOWNWARD : PAGE_HINKLEY;
    }

    /** Whether this state was kept for the rule's metric and detector (a changed threshold keeps it). */
    boolean isFor(ThresholdRule rule) {
        return rule.metric().jsonName().equals(metric) && detectorOf(rule).equals(detector);
    }

    Transition observe(ThresholdRule rule, double value, int resolveAfter) {
        boolean breach = rule.pageHinkley() == null ? rule.comparison().holds(value, rule.value())
                : pageHinkley(rule.pageHinkley(), value, rule.metric().higherIsBetter() ? -1 : 1);
        return alert.observe(breach, resolveAfter);
    }

    /**
     * Whether the window still counts as shifted in the metric's worse direction: detected now, or (while firing)
     * not yet back to the reference. The detector runs on {@code worse} × value, so it always looks for a rise.
     *
     * @param worse 1 for a metric that worsens upwards, −1 for one where higher is better
     */
    private boolean pageHinkley(ThresholdRule.PageHinkleyParameters p, double value, int worse) {
        if (alert.firing) {
            boolean back = worse * value <= worse * reference + p.delta();
            if (back) {
                restartDetector();
            }
            return !back;
        }
        double before = mean;
        double x = worse * value;
        windows++;
        mean += (x - mean) / windows;
        cumulative += x - mean - p.delta();
        minimum = Math.min(minimum, cumulative);
        if (cumulative - minimum > p.lambda()) {
            reference = worse * before;
            return true;
        }
        return false;
    }

    /** The Page-Hinkley statistic of the last window, for the alert message. */
    double statistic() {
        return cumulative - minimum;
    }

    private void restartDetector() {
        windows = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
    }
}

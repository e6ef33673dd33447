package io.lossmonitor.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How drift is alerted on: the default baseline rule's thresholds, the user's rules, and how long a key that sends
 * nothing keeps its alert state and gauges.
 *
 * @param baselineRule whether the default rule (each key's own baseline) is on
 * @param zThreshold a rise must exceed this many standard errors
 * @param minRelativeRise and this fraction of the baseline (0.2 = 20 %)
 * @param minCount windows with fewer labelled events never fire
 * @param warmupWindows windows a key needs before its baseline is trusted
 * @param resolveAfter consecutive clear windows before a firing alert is resolved
 * @param rules the rules file's rules, each with its own name
 * @param keyTtl event time after a key's latest window end at which its alert state and gauges are removed
 */
public record AlertSettings(boolean baselineRule, double zThreshold, double minRelativeRise, long minCount,
                            int warmupWindows, int resolveAfter, List<ThresholdRule> rules, Duration keyTtl)
        implements Serializable {

    public static final Duration DEFAULT_KEY_TTL = Duration.ofDays(3);

    public static final AlertSettings DEFAULTS =
            new AlertSettings(true, 3.0, 0.2, 100, 5, 2, List.of(), DEFAULT_KEY_TTL);

    public AlertSettings {
        if (!(zThreshold > 0) || !(minRelativeRise >= 0) || minCount < 0 || warmupWindows < 1 || resolveAfter < 1) {
            throw new IllegalArgumentException("alert thresholds must be positive (z " + zThreshold + ", rise "
                    + minRelativeRise + ", min count " + minCount + ", warm-up " + warmupWindows + ", resolve after "
                    + resolveAfter + ")");
        }
        if (keyTtl == null || keyTtl.isNegative() || keyTtl.isZero()) {
            throw new IllegalArgumentException("--key-ttl must be a positive duration, got " + keyTtl);
        }
        rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (ThresholdRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("two alert rules are named '" + rule.name()
                        + "': rule state is kept by name, so each rule needs its own");
            }
        }
    }
}

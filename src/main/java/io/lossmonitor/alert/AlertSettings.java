package io.lossmonitor.alert;

import java.io.Serializable;
import java.util.List;

/**
 * How drift is alerted on: the default baseline rule's thresholds, and the user's rules.
 *
 * @param baselineRule whether the default rule (each key's own baseline) is on
 * @param zThreshold a rise must exceed this many standard errors
 * @param minRelativeRise and this fraction of the baseline (0.2 = 20 %)
 * @param minCount windows with fewer labelled events never fire
 * @param warmupWindows windows a key needs before its baseline is trusted
 * @param resolveAfter consecutive clear windows before a firing alert is resolved
 */
public record AlertSettings(boolean baselineRule, double zThreshold, double minRelativeRise, long minCount,
                            int warmupWindows, int resolveAfter, List<ThresholdRule> rules) implements Serializable {

    public static final AlertSettings DEFAULTS = new AlertSettings(true, 3.0, 0.2, 100, 5, 2, List.of());

    public AlertSettings {
        if (!(zThreshold > 0) || !(minRelativeRise >= 0) || minCount < 0 || warmupWindows < 1 || resolveAfter < 1) {
            throw new IllegalArgumentException("alert thresholds must be positive (z " + zThreshold + ", rise "
                    + minRelativeRise + ", min count " + minCount + ", warm-up " + warmupWindows + ", resolve after "
                    + resolveAfter + ")");
        }
        rules = List.copyOf(rules);
    }
}

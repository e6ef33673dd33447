package io.lossmonitor.alert;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;

/**
 * Removes a group of gauges from every metric reporter. Flink's public {@link MetricGroup} has no way to remove a
 * metric; the runtime's groups, which every group a Flink operator gets is, unregister theirs when closed, and that
 * is what lets the gauges of a retired model version or comparison disappear instead of showing their last value.
 */
public final class MetricGroups {

    private MetricGroups() {}

    /** Unregisters the group's metrics, and its subgroups'; nothing for a group that is not Flink's own. */
    public static void remove(MetricGroup group) {
        if (group instanceof AbstractMetricGroup<?> registered) {
            registered.close();
        }
    }
}

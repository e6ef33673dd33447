package io.lossmonitor.alert;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.metric.Metric;
import java.io.Serializable;

/**
 * A user's rule from the rules file: fire when a window's metric compares to a value (e.g. error_rate &gt; 0.3),
 * optionally only for one model, version or segment, and only over windows with enough events; or, with a
 * Page-Hinkley detector, when the metric's window series shifts in its worse direction (down where higher is better).
 *
 * @param model null matches every model (likewise version and segment)
 * @param pageHinkley null for a plain threshold rule
 */
public record ThresholdRule(String name, Metric metric, Inequality comparison, double value, String model,
                            String version, String segment, long minCount, PageHinkleyParameters pageHinkley)
        implements Serializable {

    /** Page-Hinkley parameters: tolerated drift per window δ and detection threshold λ, in the metric's units. */
    public record PageHinkleyParameters(double delta, double lambda) implements Serializable {}

    public boolean matches(LossAggregate a) {
        return (model == null || model.equals(a.model)) && (version == null || version.equals(a.version))
                && (segment == null || segment.equals(a.segment));
    }
}

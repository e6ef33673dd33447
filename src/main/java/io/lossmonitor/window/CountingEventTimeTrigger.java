package io.lossmonitor.window;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Flink's event-time trigger (fire at the window end, and again for each allowed late element) that also counts
 * the events aggregated, once each even when sliding windows hold an event several times.
 */
public class CountingEventTimeTrigger extends Trigger<Object, TimeWindow> {

    /** Metric name of the counter of events added to windows (late ones beyond the allowed lateness are not). */
    public static final String EVENTS_AGGREGATED = "eventsAggregated";

    private final EventTimeTrigger delegate = EventTimeTrigger.create();
    private final long slideMillis;
    private transient Counter aggregated;

    /** @param slideMillis the window slide; the window size for tumbling windows */
    public CountingEventTimeTrigger(long slideMillis) {
        this.slideMillis = slideMillis;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        // An event lies in the first slide of exactly one of its windows: the last of them to close, so it is
        // counted whenever any of its windows accepts it.
        if (timestamp < window.getStart() + slideMillis) {
            if (aggregated == null) {
                aggregated = ctx.getMetricGroup().counter(EVENTS_AGGREGATED);
            }
            aggregated.inc(element instanceof WindowInput input ? input.events : 1);
        }
        return delegate.onElement(element, timestamp, window, ctx);
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
        return delegate.onEventTime(time, window, ctx);
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        return delegate.onProcessingTime(time, window, ctx);
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        delegate.clear(window, ctx);
    }
}

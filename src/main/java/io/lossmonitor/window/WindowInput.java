package io.lossmonitor.window;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.event.PredictionEvent;

/**
 * What the window operator receives (a Flink POJO): either the pre-aggregated events of one key and pane from one
 * source subtask, or a single event that arrived after its pane was already handed on, for the window operator to
 * judge (add it, or send it to the late output).
 */
public class WindowInput {

    /** A single event; null for a partial. */
    public PredictionEvent event;
    /** The key of a partial; null for a single event. */
    public ModelKey key;
    public LossAccumulator partial;
    /** Events in the partial. */
    public long events;

    public WindowInput() {}

    public static WindowInput of(PredictionEvent event) {
        WindowInput in = new WindowInput();
        in.event = event;
        in.events = 1;
        return in;
    }

    public static WindowInput partial(ModelKey key, LossAccumulator partial, long events) {
        WindowInput in = new WindowInput();
        in.key = key;
        in.partial = partial;
        in.events = events;
        return in;
    }

    public ModelKey modelKey() {
        return event != null ? ModelKey.of(event) : key;
    }
}

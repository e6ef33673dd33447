package io.lossmonitor.pipeline;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.window.WindowInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/** Turns events that arrived after their windows closed (beyond the allowed lateness) into dead letters, counting them. */
public class LateEventDeadLetters extends RichFlatMapFunction<WindowInput, DeadLetter> {

    public static final String LATE_EVENTS = "lateEvents";
    /** The dead-letter reason for late events, as the contract names it. */
    public static final String REASON = "late";

    private transient Counter late;

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter(LATE_EVENTS);
    }

    @Override
    public void flatMap(WindowInput input, Collector<DeadLetter> out) {
        late.inc(input.events);
        // Partials are handed on before the watermark that closes their pane, so a late one is not expected; if it
        // happens its events are still accounted for.
        out.collect(WindowInputDeadLetters.of(input, RejectionKind.LATE, REASON));
    }
}

package io.lossmonitor.job;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.io.PredictionJson;
import io.lossmonitor.window.WindowInput;
import java.nio.charset.StandardCharsets;
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
    private transient PredictionJson json;

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter(LATE_EVENTS);
        json = new PredictionJson();
    }

    @Override
    public void flatMap(WindowInput input, Collector<DeadLetter> out) {
        late.inc(input.events);
        if (input.event != null) {
            PredictionEvent event = input.event;
            out.collect(new DeadLetter(RejectionKind.LATE, REASON, event.sourceTopic, event.sourcePartition,
                    event.sourceOffset, event.kafkaTimestamp, json.toBytes(event)));
        } else {
            // Partials are handed on before the watermark that closes their pane, so this is not expected; if it
            // happens the events are still accounted for, as one dead letter naming the key and the count.
            String summary = "{\"model\":\"" + input.key.model + "\",\"events\":" + input.events + "}";
            out.collect(new DeadLetter(RejectionKind.LATE, REASON, null, -1, -1, -1,
                    summary.getBytes(StandardCharsets.UTF_8)));
        }
    }
}

package io.lossmonitor.job;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.io.PredictionJson;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Turns events that arrived after their windows closed (beyond the allowed lateness) into dead letters, counting them. */
public class LateEventDeadLetters extends RichMapFunction<PredictionEvent, DeadLetter> {

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
    public DeadLetter map(PredictionEvent event) {
        late.inc();
        return new DeadLetter(RejectionKind.LATE, REASON, event.sourceTopic, event.sourcePartition,
                event.sourceOffset, event.kafkaTimestamp, json.toBytes(event));
    }
}

package io.lossmonitor.pipeline;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.io.PartialJson;
import io.lossmonitor.io.PredictionJson;
import io.lossmonitor.window.WindowInput;

/** Dead letters for window input that cannot be used: one per single event, one per pre-aggregated partial. */
final class WindowInputDeadLetters {

    private static final PredictionJson EVENTS = new PredictionJson();
    private static final PartialJson PARTIALS = new PartialJson();

    private WindowInputDeadLetters() {}

    static DeadLetter of(WindowInput input, RejectionKind kind, String error) {
        if (input.event != null) {
            PredictionEvent e = input.event;
            return new DeadLetter(kind, error, e.sourceTopic, e.sourcePartition, e.sourceOffset, e.kafkaTimestamp,
                    EVENTS.toBytes(e));
        }
        // A partial holds several events already reduced to sums: the dead letter names the key and the count.
        return new DeadLetter(kind, error, null, -1, -1, -1, PARTIALS.toBytes(input.key, input.events));
    }
}

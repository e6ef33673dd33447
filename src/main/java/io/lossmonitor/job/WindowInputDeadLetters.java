package io.lossmonitor.job;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.io.PredictionJson;
import io.lossmonitor.window.ModelKey;
import io.lossmonitor.window.WindowInput;
import java.nio.charset.StandardCharsets;

/** Dead letters for window input that cannot be used: one per single event, one per pre-aggregated partial. */
final class WindowInputDeadLetters {

    private WindowInputDeadLetters() {}

    static DeadLetter of(WindowInput input, RejectionKind kind, String error, PredictionJson json) {
        if (input.event != null) {
            PredictionEvent e = input.event;
            return new DeadLetter(kind, error, e.sourceTopic, e.sourcePartition, e.sourceOffset, e.kafkaTimestamp,
                    json.toBytes(e));
        }
        // A partial holds several events already reduced to sums: the dead letter names the key and the count.
        ModelKey key = input.key;
        String summary = "{\"model\":" + quote(key.model) + ",\"version\":" + quote(key.version) + ",\"segment\":"
                + quote(key.segment) + ",\"events\":" + input.events + "}";
        return new DeadLetter(kind, error, null, -1, -1, -1, summary.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package io.lossmonitor.io;

import io.lossmonitor.alert.Alert;
import java.time.Instant;

/** Writes an alert as the contract's JSON record. */
public final class AlertJson {

    public byte[] toBytes(Alert a) {
        return JsonRecords.object(384, g -> {
            g.writeStringField("model", a.model);
            if (a.champion != null) {
                g.writeStringField("champion", a.champion);
            }
            g.writeStringField("version", a.version);
            g.writeStringField("segment", a.segment);
            g.writeStringField("metric", a.metric);
            g.writeStringField("rule", a.rule);
            g.writeStringField("state", a.state);
            g.writeStringField("window_start", Instant.ofEpochMilli(a.windowStart).toString());
            g.writeStringField("window_end", Instant.ofEpochMilli(a.windowEnd).toString());
            JsonRecords.nullableNumber(g, "value", a.value);
            JsonRecords.nullableNumber(g, "baseline", a.baseline);
            JsonRecords.nullableNumber(g, "threshold", a.threshold);
            g.writeStringField("message", a.message);
        });
    }
}

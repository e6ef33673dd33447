package io.lossmonitor.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lossmonitor.alert.Alert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Writes an alert as the contract's JSON record. */
public final class AlertJson {

    private final JsonFactory factory = new JsonFactory();

    public byte[] toBytes(Alert a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(384);
        try (JsonGenerator g = factory.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("model", a.model);
            g.writeStringField("version", a.version);
            g.writeStringField("segment", a.segment);
            g.writeStringField("metric", a.metric);
            g.writeStringField("rule", a.rule);
            g.writeStringField("state", a.state);
            g.writeStringField("window_start", Instant.ofEpochMilli(a.windowStart).toString());
            g.writeStringField("window_end", Instant.ofEpochMilli(a.windowEnd).toString());
            writeNullable(g, "value", a.value);
            writeNullable(g, "baseline", a.baseline);
            writeNullable(g, "threshold", a.threshold);
            g.writeStringField("message", a.message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeNullable(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeNullField(name);
        }
    }
}

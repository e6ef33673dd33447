package io.lossmonitor.io;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lossmonitor.event.PredictionEvent;
import java.io.IOException;

/**
 * Writes a parsed event back as an input record of the contract (canonical form: epoch-ms {@code ts},
 * renormalised probabilities), for dead letters of events rejected after parsing, such as late ones.
 */
public final class PredictionJson {

    public byte[] toBytes(PredictionEvent e) {
        return JsonRecords.object(256, g -> {
            g.writeStringField("model", e.model);
            writeOptional(g, "version", e.version);
            writeOptional(g, "segment", e.segment);
            writeOptional(g, "id", e.id);
            g.writeNumberField("ts", e.timestamp);
            g.writeNumberField("weight", e.weight);
            switch (e.task) {
                case REGRESSION -> g.writeNumberField("prediction", e.score);
                case BINARY -> g.writeNumberField(e.logits ? "logits" : "probability", e.score);
                case MULTICLASS -> {
                    g.writeFieldName(e.logits ? "logits" : "probabilities");
                    g.writeArray(e.scores, 0, e.scores.length);
                    if (e.classes != null) {
                        g.writeFieldName("classes");
                        g.writeArray(e.classes, 0, e.classes.length);
                    }
                }
                default -> throw new IllegalStateException("unknown task " + e.task);
            }
            if (e.labelled) {
                if (e.task.isClassification()) {
                    g.writeNumberField("label", e.labelClass());
                } else {
                    g.writeNumberField("label", e.label);
                }
            }
        });
    }

    private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}

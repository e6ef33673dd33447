package io.lossmonitor.io;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.io.IOException;

/**
 * Writes a parsed event back as an input record of the contract (canonical form: epoch-ms {@code ts},
 * renormalised probabilities, a triplet by its distances, a pair by two 2-dimensional vectors of its cosine, since the
 * source keeps no vector), for dead letters of events rejected after parsing, such as late ones.
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
                case TRIPLET -> {
                    g.writeNumberField("distance_positive", e.scores[0]);
                    g.writeNumberField("distance_negative", e.scores[1]);
                }
                case PAIR -> {
                    double[] x1 = {1.0, 0.0};
                    double[] x2 = {e.score, Math.sqrt(Math.max(0.0, 1.0 - e.score * e.score))};
                    g.writeFieldName("x1");
                    g.writeArray(x1, 0, 2);
                    g.writeFieldName("x2");
                    g.writeArray(x2, 0, 2);
                }
                default -> throw new IllegalStateException("unknown task " + e.task);
            }
            if (e.labelled && e.task != Task.TRIPLET) {
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

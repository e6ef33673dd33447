package io.lossmonitor.io;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.metric.Metric;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an aggregate as the contract's JSON record: snake_case, null for what does not apply, ISO-8601 UTC bounds,
 * every metric of the catalogue: those over the labelled events after {@code weight_sum} with their standard errors,
 * the label-free ones after {@code predictions}. Not thread-safe: one instance per sink subtask.
 */
public final class AggregateJson {

    private static final List<Metric> LABELLED = Arrays.stream(Metric.values())
            .filter(m -> m.over() == Metric.Over.LABELLED_EVENTS).toList();
    private static final List<Metric> LABEL_FREE = Arrays.stream(Metric.values())
            .filter(m -> m.over() != Metric.Over.LABELLED_EVENTS).toList();

    private final LossParameters params;
    // Every key's aggregate of a window has the same bounds, so each is formatted once per window, not per key.
    private final InstantText start = new InstantText();
    private final InstantText end = new InstantText();

    public AggregateJson(LossParameters params) {
        this.params = params;
    }

    public byte[] toBytes(LossAggregate a) {
        return JsonRecords.object(768, g -> {
            g.writeStringField("model", a.model);
            g.writeStringField("version", a.version);
            g.writeStringField("segment", a.segment);
            g.writeStringField("task", a.task.jsonName());
            g.writeStringField("window_start", start.of(a.windowStart));
            g.writeStringField("window_end", end.of(a.windowEnd));
            g.writeNumberField("revision", a.revision);
            g.writeNumberField("count", a.count);
            g.writeNumberField("weight_sum", a.weightSum);
            for (Metric m : LABELLED) {
                switch (m.shape()) {
                    case NUMBER -> JsonRecords.nullableNumber(g, m.jsonName(), a.value(m));
                    case RELIABILITY_BINS -> reliability(g, m.jsonName(), a.reliability);
                    case PER_CLASS -> perClass(g, m.jsonName(), a.perClassNames, a.perClassValues);
                    default -> throw new IllegalStateException("no JSON for " + m.shape());
                }
            }
            g.writeObjectFieldStart("stderr");
            for (Metric m : Metric.values()) {
                if (m.hasStandardError() && !Double.isNaN(a.value(m))) {
                    JsonRecords.nullableNumber(g, m.jsonName(), a.standardError(m));
                }
            }
            g.writeEndObject();
            g.writeNumberField("clipped", a.clipped);
            g.writeObjectFieldStart("params");
            g.writeNumberField("huber_delta", params.huberDelta());
            g.writeNumberField("focal_gamma", params.focalGamma());
            g.writeNumberField("focal_alpha", params.focalAlpha());
            g.writeNumberField("epsilon", params.epsilon());
            g.writeNumberField("per_class_limit", params.perClassLimit());
            g.writeStringField("triplet_distance", params.embedding().tripletDistance().optionName());
            g.writeNumberField("triplet_margin", params.embedding().tripletMargin());
            g.writeNumberField("cosine_margin", params.embedding().cosineMargin());
            g.writeNumberField("pair_threshold", params.embedding().pairThreshold());
            g.writeNumberField("ranking_k", params.ranking().k());
            g.writeEndObject();
            g.writeNumberField("predictions", a.predictions);
            for (Metric m : LABEL_FREE) {
                JsonRecords.nullableNumber(g, m.jsonName(), a.value(m));
            }
            g.writeNumberField("expired", a.expired);
        });
    }

    /** The bins of a reliability diagram, four values each, or null. */
    private static void reliability(JsonGenerator g, String name, double[] bins) throws IOException {
        if (bins == null) {
            g.writeNullField(name);
            return;
        }
        g.writeArrayFieldStart(name);
        for (int i = 0; i < bins.length; i += 4) {
            g.writeStartObject();
            g.writeNumberField("count", (long) bins[i]);
            g.writeNumberField("weight", bins[i + 1]);
            JsonRecords.nullableNumber(g, "confidence", bins[i + 2]);
            JsonRecords.nullableNumber(g, "accuracy", bins[i + 3]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Each class's support, precision, recall, F1 and cross-entropy by its name, or null. */
    private static void perClass(JsonGenerator g, String name, String[] classes, double[] values)
            throws IOException {
        if (classes == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        for (int c = 0; c < classes.length; c++) {
            g.writeObjectFieldStart(classes[c]);
            JsonRecords.nullableNumber(g, "support", values[5 * c]);
            JsonRecords.nullableNumber(g, "precision", values[5 * c + 1]);
            JsonRecords.nullableNumber(g, "recall", values[5 * c + 2]);
            JsonRecords.nullableNumber(g, "f1", values[5 * c + 3]);
            JsonRecords.nullableNumber(g, "cross_entropy", values[5 * c + 4]);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The ISO-8601 text of the last instant asked for, kept until another is asked for. */
    private static final class InstantText {
        private long millis = Long.MIN_VALUE;
        private String text;

        String of(long epochMillis) {
            if (text == null || epochMillis != millis) {
                millis = epochMillis;
                text = Instant.ofEpochMilli(epochMillis).toString();
            }
            return text;
        }
    }
}

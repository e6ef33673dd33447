package io.lossmonitor.compare;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lossmonitor.io.JsonRecords;
import io.lossmonitor.metric.Metric;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes a comparison as the contract's JSON record: the window's paired statistics and the cumulative verdicts, each
 * with the direction in which its metric is better.
 */
public final class ComparisonJson {

    public byte[] toBytes(ComparisonResult r) {
        return JsonRecords.object(1024, g -> {
            g.writeStringField("champion", r.champion);
            g.writeStringField("challenger", r.challenger);
            g.writeStringField("segment", r.segment);
            g.writeStringField("task", r.task.jsonName());
            g.writeStringField("window_start", Instant.ofEpochMilli(r.windowStart).toString());
            g.writeStringField("window_end", Instant.ofEpochMilli(r.windowEnd).toString());
            g.writeNumberField("paired", r.window.paired);
            g.writeObjectFieldStart("metrics");
            for (Metric metric : Metric.compared(r.task)) {
                PairedMoments d = r.window.metrics.get(metric.jsonName());
                if (d != null) {
                    g.writeObjectFieldStart(metric.jsonName());
                    window(g, d);
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("cumulative");
            g.writeNumberField("paired", r.cumulative.paired);
            g.writeObjectFieldStart("metrics");
            for (Metric metric : Metric.compared(r.task)) {
                PairedMoments d = r.cumulative.metrics.get(metric.jsonName());
                if (d != null) {
                    g.writeObjectFieldStart(metric.jsonName());
                    cumulative(g, d, metric);
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void window(JsonGenerator g, PairedMoments d) throws IOException {
        JsonRecords.nullableNumber(g, "champion", d.championMean);
        JsonRecords.nullableNumber(g, "challenger", d.challengerMean);
        JsonRecords.nullableNumber(g, "difference", d.mean);
        JsonRecords.nullableNumber(g, "stderr", d.standardError());
        JsonRecords.nullableNumber(g, "ci_low", d.ciLow());
        JsonRecords.nullableNumber(g, "ci_high", d.ciHigh());
        JsonRecords.nullableNumber(g, "p_value", d.pValue());
    }

    private static void cumulative(JsonGenerator g, PairedMoments d, Metric metric) throws IOException {
        JsonRecords.nullableNumber(g, "difference", d.mean);
        JsonRecords.nullableNumber(g, "cs_low", ConfidenceSequence.low(d));
        JsonRecords.nullableNumber(g, "cs_high", ConfidenceSequence.high(d));
        g.writeStringField("verdict", ConfidenceSequence.verdict(d, metric).text());
        g.writeStringField("better", metric.higherIsBetter() ? "higher" : "lower");
    }
}

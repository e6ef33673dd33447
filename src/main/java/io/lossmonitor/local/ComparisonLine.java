package io.lossmonitor.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * One comparison record as one line of the demo: the two models, the pairs so far, and per loss the cumulative
 * difference with its confidence sequence and verdict.
 */
final class ComparisonLine {

    private ComparisonLine() {}

    static String of(JsonNode comparison) {
        JsonNode cumulative = comparison.get("cumulative");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  COMPARE %s vs %s, %,d pairs so far:",
                comparison.get("challenger").asText(), comparison.get("champion").asText(),
                cumulative.get("paired").asLong()));
        for (Iterator<Map.Entry<String, JsonNode>> it = cumulative.get("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> metric = it.next();
            JsonNode m = metric.getValue();
            line.append(String.format(Locale.ROOT, " %s %+.3f [%s, %s] %s;", metric.getKey(),
                    m.get("difference").asDouble(), bound(m.get("cs_low")), bound(m.get("cs_high")),
                    m.get("verdict").asText()));
        }
        line.setLength(line.length() - 1);
        return line.toString();
    }

    private static String bound(JsonNode value) {
        return value.isNull() ? "?" : String.format(Locale.ROOT, "%+.3f", value.asDouble());
    }
}

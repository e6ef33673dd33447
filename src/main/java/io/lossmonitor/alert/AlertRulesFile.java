package io.lossmonitor.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lossmonitor.window.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads threshold and Page-Hinkley rules from a YAML or JSON file ({@code rules:} list), naming the rule and
 * field of any mistake.
 */
public final class AlertRulesFile {

    private static final Set<String> FIELDS = Set.of("name", "metric", "comparison", "value", "model", "version",
            "segment", "min_count", "detector", "delta", "lambda");

    private AlertRulesFile() {}

    /** @throws IllegalArgumentException with a message naming the file, the rule and what is wrong */
    public static List<ThresholdRule> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("alert rules file " + file + ": " + e.getMessage());
        }
        if (root == null || !root.path("rules").isArray()) {
            throw new IllegalArgumentException("alert rules file " + file + ": expected a top-level 'rules:' list");
        }
        List<ThresholdRule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.get("rules")) {
            index++;
            try {
                rules.add(rule(node, index));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alert rules file " + file + ", rule " + index + ": "
                        + e.getMessage());
            }
        }
        return rules;
    }

    private static ThresholdRule rule(JsonNode node, int index) {
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (fields: " + FIELDS + ")");
            }
        });
        String name = node.path("name").asText("rule-" + index);
        if (!node.hasNonNull("metric")) {
            throw new IllegalArgumentException("'metric' is required, e.g. metric: cross_entropy");
        }
        Metric metric = Metric.byJsonName(node.get("metric").asText());
        long minCount = node.path("min_count").asLong(1);
        String model = text(node, "model");
        String version = text(node, "version");
        String segment = text(node, "segment");
        if (node.hasNonNull("detector")) {
            if (!node.get("detector").asText().equals("page-hinkley")) {
                throw new IllegalArgumentException("unknown detector '" + node.get("detector").asText()
                        + "': the detector is page-hinkley");
            }
            double delta = number(node, "delta");
            double lambda = number(node, "lambda");
            if (delta < 0 || !(lambda > 0)) {
                throw new IllegalArgumentException("page-hinkley needs delta >= 0 and lambda > 0");
            }
            return new ThresholdRule(name, metric, Comparison.GREATER, Double.NaN, model, version, segment, minCount,
                    new ThresholdRule.PageHinkleyParameters(delta, lambda));
        }
        Comparison comparison = Comparison.bySymbol(node.path("comparison").asText(">"));
        return new ThresholdRule(name, metric, comparison, number(node, "value"), model, version, segment, minCount,
                null);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static double number(JsonNode node, String field) {
        if (!node.path(field).isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return node.get(field).asDouble();
    }
}

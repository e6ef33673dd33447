package io.lossmonitor.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lossmonitor.metric.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Integer> named = new HashMap<>();
        int index = 0;
        for (JsonNode node : root.get("rules")) {
            index++;
            try {
                ThresholdRule rule = rule(node);
                Integer earlier = named.putIfAbsent(rule.name(), index);
                if (earlier != null) {
                    throw new IllegalArgumentException("its name '" + rule.name() + "' is rule " + earlier + "'s too: "
                            + "a rule's state is kept by its name, so give each rule a name of its own");
                }
                rules.add(rule);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alert rules file " + file + ", rule " + index + ": "
                        + e.getMessage());
            }
        }
        return rules;
    }

    private static ThresholdRule rule(JsonNode node) {
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + f + "' (fields: " + FIELDS + ")");
            }
        });
        if (!node.hasNonNull("metric")) {
            throw new IllegalArgumentException("'metric' is required, e.g. metric: cross_entropy");
        }
        Metric metric = Metric.byJsonName(node.get("metric").asText());
        if (!metric.isNumber()) {
            throw new IllegalArgumentException("'" + metric.jsonName() + "' is not a number: a rule watches a metric "
                    + "whose value is one, e.g. ece");
        }
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
            String name = name(node, metric.jsonName() + " page-hinkley", model, version, segment);
            return new ThresholdRule(name, metric, Inequality.GREATER, Double.NaN, model, version, segment, minCount,
                    new ThresholdRule.PageHinkleyParameters(delta, lambda));
        }
        Inequality comparison = Inequality.bySymbol(node.path("comparison").asText(">"));
        double value = number(node, "value");
        String name = name(node, metric.jsonName() + " " + comparison.symbol() + " " + node.get("value").asText(),
                model, version, segment);
        return new ThresholdRule(name, metric, comparison, value, model, version, segment, minCount, null);
    }

    /**
     * The rule's {@code name}, or one made of what it checks (e.g. {@code error_rate > 0.3 model=churn}): not of its
     * position, so that adding a rule in front of an unnamed one keeps that one's state.
     */
    private static String name(JsonNode node, String check, String model, String version, String segment) {
        if (node.hasNonNull("name")) {
            return node.get("name").asText();
        }
        StringBuilder name = new StringBuilder(check);
        if (model != null) {
            name.append(" model=").append(model);
        }
        if (version != null) {
            name.append(" version=").append(version);
        }
        if (segment != null) {
            name.append(" segment=").append(segment);
        }
        return name.toString();
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

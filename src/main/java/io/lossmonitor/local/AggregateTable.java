package io.lossmonitor.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the aggregates of one window as readable tables, one per kind of model (classifiers, regressors, encoders,
 * rankers), with the catalogue's demo metrics of each as columns and their standard errors.
 */
final class AggregateTable {

    /** The prefix of an estimated metric's name, before the name of the metric it estimates. */
    private static final String ESTIMATED = "estimated_";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    /** The fields of one aggregate record the table shows; numbers are NaN when null. */
    record Row(String model, String version, String segment, String task, String windowStart, String windowEnd,
               int revision, long count, Map<String, Double> values, Map<String, Double> stderr) {
        double value(String name) {
            return values.getOrDefault(name, Double.NaN);
        }

        String withStderr(String name) {
            double se = stderr.getOrDefault(name, Double.NaN);
            return Double.isNaN(se) ? format(value(name)) : format(value(name)) + " ±" + format(se);
        }
    }

    private AggregateTable() {}

    static Row parse(byte[] json) throws IOException {
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> stderr = new HashMap<>();
        Map<String, String> text = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                JsonToken t = p.nextToken();
                if (field.equals("stderr")) {
                    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                        stderr.put(name, p.nextToken().isNumeric() ? p.getDoubleValue() : Double.NaN);
                    }
                } else if (t.isNumeric()) {
                    values.put(field, p.getDoubleValue());
                } else if (t == JsonToken.VALUE_STRING) {
                    text.put(field, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Row(text.get("model"), text.get("version"), text.get("segment"), text.get("task"),
                text.get("window_start"), text.get("window_end"), values.getOrDefault("revision", 0.0).intValue(),
                values.getOrDefault("count", 0.0).longValue(), values, stderr);
    }

    static void print(List<Row> rows, PrintStream out) {
        Row first = rows.get(0);
        out.printf(Locale.ROOT, "%n── window %s – %s UTC %s%n", TIME.format(Instant.parse(first.windowStart())),
                TIME.format(Instant.parse(first.windowEnd())).substring(11),
                first.revision() > 0 ? "(late update " + first.revision() + ")" : "");
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::model).thenComparing(r -> String.valueOf(r.segment())));
        printTable("classifier", Task.BINARY, sorted.stream().filter(r -> isClassifier(r.task())).toList(), out);
        printTable("regressor", Task.REGRESSION, ofTask(sorted, Task.REGRESSION), out);
        printTable("encoder (triplets)", Task.TRIPLET, ofTask(sorted, Task.TRIPLET), out);
        printTable("encoder (pairs)", Task.PAIR, ofTask(sorted, Task.PAIR), out);
        printTable("ranker", Task.RANKING, ofTask(sorted, Task.RANKING), out);
    }

    private static boolean isClassifier(String task) {
        return Task.BINARY.jsonName().equals(task) || Task.MULTICLASS.jsonName().equals(task);
    }

    private static List<Row> ofTask(List<Row> rows, Task task) {
        return rows.stream().filter(r -> task.jsonName().equals(r.task())).toList();
    }

    private static void printTable(String title, Task task, List<Row> rows, PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        List<Metric> columns = columns(task);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-23s %-12s %6s", title, "segment",
                "count"));
        for (Metric m : columns) {
            header.append(String.format(Locale.ROOT, " %" + width(m) + "s", m.jsonName()));
        }
        out.println(header);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-23s %-12s %6d", r.model(),
                    dash(r.segment()), r.count()));
            for (Metric m : columns) {
                String cell = m.hasStandardError() ? r.withStderr(m.jsonName()) : format(r.value(m.jsonName()));
                line.append(String.format(Locale.ROOT, " %" + width(m) + "s", cell));
            }
            out.println(line);
        }
    }

    /** The catalogue's demo metrics of a task, an estimate right after the metric it estimates. */
    static List<Metric> columns(Task task) {
        List<Metric> columns = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (m.inDemo() && m.appliesTo(task) && !m.jsonName().startsWith(ESTIMATED)) {
                columns.add(m);
                for (Metric estimate : Metric.values()) {
                    if (estimate.inDemo() && estimate.jsonName().equals(ESTIMATED + m.jsonName())) {
                        columns.add(estimate);
                    }
                }
            }
        }
        return columns;
    }

    /** A value with its standard error takes 17 characters ("0.4123 ±0.0123"), a plain one 13; or the name's. */
    private static int width(Metric m) {
        return Math.max(m.hasStandardError() ? 17 : 13, m.jsonName().length());
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double abs = Math.abs(v);
        return String.format(Locale.ROOT, abs >= 100 ? "%.1f" : abs >= 1 ? "%.3f" : "%.4f", v);
    }
}

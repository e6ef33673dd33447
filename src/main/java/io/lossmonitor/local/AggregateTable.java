package io.lossmonitor.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

/** Prints the aggregates of one window as a readable table: classifiers and regressors, with standard errors. */
final class AggregateTable {

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
        List<Row> classifiers = sorted.stream().filter(r -> !"regression".equals(r.task())).toList();
        List<Row> regressors = sorted.stream().filter(r -> "regression".equals(r.task())).toList();
        if (!classifiers.isEmpty()) {
            out.printf(Locale.ROOT, "%-20s %-12s %6s %7s %17s %17s %17s%n", "classifier", "segment", "count",
                    "error", "cross-entropy", "focal", "brier");
            for (Row r : classifiers) {
                out.printf(Locale.ROOT, "%-20s %-12s %6d %7s %17s %17s %17s%n", r.model(), dash(r.segment()),
                        r.count(), format(r.value("error_rate")), r.withStderr("cross_entropy"),
                        r.withStderr("focal_loss"), r.withStderr("brier"));
            }
        }
        if (!regressors.isEmpty()) {
            out.printf(Locale.ROOT, "%-20s %-12s %6s %17s %9s %17s %17s%n", "regressor", "segment", "count", "mse",
                    "rmse", "mae", "huber");
            for (Row r : regressors) {
                out.printf(Locale.ROOT, "%-20s %-12s %6d %17s %9s %17s %17s%n", r.model(), dash(r.segment()),
                        r.count(), r.withStderr("mse"), format(r.value("rmse")), r.withStderr("mae"),
                        r.withStderr("huber"));
            }
        }
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

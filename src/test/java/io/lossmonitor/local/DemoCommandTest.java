package io.lossmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo as a user runs it: broker, job and generator in-process, tables and comparisons on stdout, the fraud
 * model's estimated error rate alerting while its late labels still say all is well, two encoders with the same
 * triplet mistakes told apart by their triplet loss, a collapsing encoder alerting, a ranker whose NDCG drops told
 * worse than its twin and alerting on the drop, exit 0 after --duration.
 */
class DemoCommandTest {

    /** A churn row: model, segment, count, error rate ± its standard error, its estimate, cross-entropy. */
    private static final Pattern CHURN_ROW = Pattern.compile("(churn-calibrated|churn-overconfident)\\s+-\\s+(\\d+)"
            + "\\s+([0-9.]+) ±[0-9.]+\\s+(?:[0-9.]+ ±[0-9.]+|-)\\s+([0-9.]+)");

    /** A fraud-detector row: count, error rate ± its standard error, estimated error rate ± its standard error. */
    private static final Pattern FRAUD_ROW = Pattern.compile(
            "fraud-detector\\s+-\\s+(\\d+)\\s+([0-9.]+) ±[0-9.]+\\s+([0-9.]+) ±[0-9.]+");

    /** An encoder row: model, count, triplet loss, triplet error rate. */
    private static final Pattern ENCODER_ROW = Pattern.compile("(face-encoder|face-encoder-half)\\s+-\\s+(\\d+)"
            + "\\s+([0-9.]+) ±[0-9.]+\\s+([0-9.]+) ±[0-9.]+");

    @Test
    void showsTheSameAccuracyPairToldApartAndTheEstimateAlertingBeforeTheLabelsAndExitsZero() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        int code;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = LossMonitorCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                    "demo", "--duration", "35s");
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as("exit code; output:%n%s", out).isZero();
        assertThat(out).contains("Kafka broker at localhost:").contains("Demo stopped.");

        Matcher rows = CHURN_ROW.matcher(out);
        List<String[]> churn = new java.util.ArrayList<>();
        while (rows.find()) {
            churn.add(new String[] {rows.group(1), rows.group(3), rows.group(4)});
        }
        assertThat(churn).as("churn rows in:%n%s", out).hasSizeGreaterThanOrEqualTo(2);
        // Rows come in window order, the calibrated model first: compare each pair of one window.
        for (int i = 0; i + 1 < churn.size(); i += 2) {
            String[] calibrated = churn.get(i);
            String[] overconfident = churn.get(i + 1);
            assertThat(calibrated[0]).isEqualTo("churn-calibrated");
            assertThat(overconfident[0]).isEqualTo("churn-overconfident");
            assertThat(overconfident[1]).as("same error rate").isEqualTo(calibrated[1]);
            assertThat(Double.parseDouble(overconfident[2])).as("higher cross-entropy")
                    .isGreaterThan(Double.parseDouble(calibrated[2]));
        }

        List<String> comparisons = out.lines().filter(l -> l.startsWith("  COMPARE churn-")).toList();
        assertThat(comparisons).as("a comparison line per window in:%n%s", out).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("  COMPARE churn-overconfident vs churn-calibrated, ")
                        .containsPattern("error_rate \\+0\\.000 \\[\\+0\\.000, \\+0\\.000\\] undecided"));
        assertThat(comparisons.get(comparisons.size() - 1)).as("told apart on cross-entropy")
                .containsPattern("cross_entropy \\+0\\.\\d+ \\[\\+0\\.\\d+, \\+0\\.\\d+\\] challenger worse");

        List<String> lines = out.lines().toList();
        int alert = -1;
        for (int i = 0; i < lines.size() && alert < 0; i++) {
            if (lines.get(i).contains("ALERT firing   fraud-detector")
                    && lines.get(i).contains("(rule " + DemoCommand.ESTIMATED_ERRORS_RULE + ")")) {
                alert = i;
            }
        }
        assertThat(alert).as("fraud-detector's estimated error rate alerts, in:%n%s", out).isNotNegative();
        String row = "";
        for (int i = alert; i >= 0 && row.isEmpty(); i--) {
            row = lines.get(i).startsWith("fraud-detector") ? lines.get(i) : "";
        }
        Matcher fraud = FRAUD_ROW.matcher(row);
        assertThat(fraud.find()).as("the row of the alert's window: %s", row).isTrue();
        assertThat(Double.parseDouble(fraud.group(2))).as("the realized error rate, from labels of before the "
                + "degradation, is still low").isLessThan(0.15);
        assertThat(Double.parseDouble(fraud.group(3))).as("the estimate has risen").isGreaterThan(0.15);

        assertEncoders(out);
        assertRankers(out);
    }

    /** A ranker row: model, count, ndcg_at_k, mrr_at_k, hit_rate_at_k, each with its standard error. */
    private static final Pattern RANKER_ROW = Pattern.compile("(search-ranker|search-ranker-next)\\s+-\\s+(\\d+)"
            + "\\s+([0-9.]+) ±[0-9.]+\\s+([0-9.]+) ±[0-9.]+\\s+([0-9.]+) ±[0-9.]+");

    private static void assertRankers(String out) {
        Matcher rows = RANKER_ROW.matcher(out);
        List<double[]> next = new java.util.ArrayList<>();
        List<double[]> first = new java.util.ArrayList<>();
        while (rows.find()) {
            double[] values = {Double.parseDouble(rows.group(3)), Double.parseDouble(rows.group(5))};
            (rows.group(1).equals("search-ranker") ? first : next).add(values);
        }
        assertThat(first).as("ranker rows in:%n%s", out).hasSizeGreaterThanOrEqualTo(4);
        assertThat(next).hasSameSizeAs(first);
        double[] before = next.get(0);
        double[] after = next.get(next.size() - 1);
        assertThat(after[0]).as("search-ranker-next's NDCG falls once it pushes the clicks down").isLessThan(before[0] - 0.1);
        assertThat(before[1] - after[1]).as("its hit rate moves less than its NDCG").isLessThan(before[0] - after[0]);
        List<String> comparisons = out.lines().filter(l -> l.startsWith("  COMPARE search-")).toList();
        assertThat(comparisons).as("a ranker comparison line per window in:%n%s", out).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("  COMPARE search-ranker-next vs search-ranker, "));
        assertThat(comparisons.get(comparisons.size() - 1)).as("declared worse on NDCG")
                .containsPattern("ndcg_at_k -0\\.\\d+ \\[-0\\.\\d+, -0\\.\\d+\\] challenger worse");
        assertThat(out.lines().filter(l -> l.contains("ALERT firing   search-ranker-next")
                && l.contains("ndcg_at_k") && l.contains("higher is better")))
                .as("the default rule fires on the drop, in:%n%s", out).isNotEmpty();
    }

    private static void assertEncoders(String out) {
        Matcher rows = ENCODER_ROW.matcher(out);
        List<String[]> encoders = new java.util.ArrayList<>();
        while (rows.find()) {
            encoders.add(new String[] {rows.group(1), rows.group(3), rows.group(4)});
        }
        assertThat(encoders).as("encoder rows in:%n%s", out).hasSizeGreaterThanOrEqualTo(4);
        // Rows are sorted by model: face-encoder, (face-encoder-collapsing, not matched), face-encoder-half.
        for (int i = 0; i + 1 < encoders.size(); i += 2) {
            String[] full = encoders.get(i);
            String[] half = encoders.get(i + 1);
            assertThat(full[0]).isEqualTo("face-encoder");
            assertThat(half[0]).isEqualTo("face-encoder-half");
            assertThat(half[2]).as("the same triplet mistakes").isEqualTo(full[2]);
            assertThat(Double.parseDouble(half[1])).as("a higher triplet loss at half the scale")
                    .isGreaterThan(Double.parseDouble(full[1]));
        }
        List<String> comparisons = out.lines().filter(l -> l.startsWith("  COMPARE face-")).toList();
        assertThat(comparisons).as("an encoder comparison line per window in:%n%s", out).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("  COMPARE face-encoder-half vs face-encoder, ")
                        .containsPattern("triplet_error_rate \\+0\\.000 \\[\\+0\\.000, \\+0\\.000\\] undecided"));
        assertThat(comparisons.get(comparisons.size() - 1)).as("told apart on triplet loss")
                .containsPattern("triplet_loss \\+0\\.\\d+ \\[\\+0\\.\\d+, \\+0\\.\\d+\\] challenger worse");
        assertThat(out.lines().filter(l -> l.contains("ALERT firing   face-encoder-collapsing")
                && l.contains("(rule " + DemoCommand.ENCODER_COLLAPSE_RULE + ")")))
                .as("the collapsing encoder alerts, in:%n%s", out).isNotEmpty();
    }
}

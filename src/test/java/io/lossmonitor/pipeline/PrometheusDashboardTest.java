package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lossmonitor.alert.AlertRulesFile;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.cli.PrometheusEndpoint;
import io.lossmonitor.compare.ChampionChallenger;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.estimate.EstimationSettings;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.FreePort;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.PrometheusServer;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job started as {@code run --prometheus-port} starts it (a MiniCluster with Flink's Prometheus reporter),
 * scraped by a real Prometheus that loads {@code deploy/prometheus/alerts.yml}: every query of the Grafana dashboard
 * returns every model of the test data under its exact name (hyphens, '=' in a segment) with the value of that
 * model's latest record on the output topics, and Prometheus raises the alerts the job decided.
 */
class PrometheusDashboardTest {

    private static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/loss-monitor.json");
    private static final Path ALERT_RULES = Path.of("deploy/prometheus/alerts.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GAUGE = Pattern.compile(
            "flink_taskmanager_job_task_operator_(model_version_segment_metric_rule|champion_challenger_segment_metric"
                    + "|model_version_segment)_([a-z0-9_]+)");
    /** Prometheus carries a gauge's double unchanged; the margin only covers the text round trip. */
    private static final double TOLERANCE = 1e-12;
    private static final int PER_WINDOW = 300;
    private static final String FRAUD = "fraud-detector";
    private static final String CHAMPION = "churn-v1";
    private static final String CHALLENGER = "churn-v2";
    private static final String ENCODER = "face-encoder";
    private static final String RANKER = "search-ranker";
    private static final String JOB_NAME = "prometheus-dashboard";
    /** Flink's count of the job's restarts, which the dashboard shows beside the job's own gauges. */
    private static final String RESTARTS = "flink_jobmanager_job_numRestarts";

    @Test
    void everyDashboardQueryShowsEveryModelUnderItsExactNameWithItsLatestValues(@TempDir Path dir) throws Exception {
        Topics topics = Topics.fresh(2);
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, traffic());
        Path rules = Files.writeString(dir.resolve("rules.yml"), """
                rules:
                  - name: fraud-errors
                    metric: error_rate
                    comparison: ">"
                    value: 0.3
                    model: fraud-detector
                """);
        AlertSettings alerts = new AlertSettings(true, 3.0, 0.2, 100, 5, 2, AlertRulesFile.read(rules),
                AlertSettings.DEFAULT_KEY_TTL);
        JobConfig config = TestJobs.estimating(TestJobs.comparing(TestJobs.config(topics, false,
                        Duration.ofMinutes(1), null, Duration.ZERO, LossParameters.DEFAULTS, alerts),
                new ComparisonSettings(List.of(new ChampionChallenger(CHAMPION, CHALLENGER)), comparisons,
                        Duration.ofMinutes(2))),
                // The first window's labels are the second's estimation reference.
                new EstimationSettings(Duration.ofDays(7), PER_WINDOW));
        int metricsPort = FreePort.next();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(PrometheusEndpoint.on(metricsPort));
        LossMonitorJob.define(env, config);
        JobClient job = env.executeAsync(JOB_NAME);
        try (PrometheusServer prometheus = PrometheusServer.start(List.of("127.0.0.1:" + metricsPort),
                List.of(ALERT_RULES))) {
            Latest latest = awaitLatestWindow(topics, comparisons);
            assertThat(latest.aggregates().keySet()).as("the models whose second window was written")
                    .containsExactlyInAnyOrder(List.of(FRAUD, "v1", "none"), List.of("animals", "v7", "app=ios"),
                            List.of("house-prices", "none", "none"), List.of(CHAMPION, "v1", "none"),
                            List.of(CHALLENGER, "v1", "none"), List.of(ENCODER, "v2", "none"),
                            List.of(RANKER, "none", "none"));
            assertThat(latest.firingAlerts()).as("the job's firing alerts")
                    .containsKey(List.of(FRAUD, "v1", "none", "error_rate", "fraud-errors"));

            for (String expr : dashboardQueries()) {
                Map<List<String>, Double> expected = expected(expr, latest);
                assertThat(expected).as("test data for %s", expr).isNotEmpty();
                assertEventually(prometheus, expr, expected);
            }
            awaitPrometheusAlerts(prometheus, latest);
        } finally {
            job.cancel().get();
        }
    }

    /** Two full windows of six models, then a few events that close the second one. */
    private static List<String> traffic() {
        Random random = new Random(17);
        Random queries = new Random(18);
        List<String> events = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int count = w < 2 ? PER_WINDOW : 2;
            for (int i = 0; i < count; i++) {
                long ts = T0 + w * MINUTE + (w < 2 ? i * 150L : 30_000 + i);
                double p = random.nextDouble();
                events.add(json("model", FRAUD, "version", "v1", "ts", ts, "probability", p,
                        "label", random.nextDouble() < 0.4 ? (p < 0.5 ? 1 : 0) : (p < 0.5 ? 0 : 1)));
                double[] animal = {random.nextDouble() + 0.1, random.nextDouble() + 0.1, random.nextDouble() + 0.1};
                double sum = animal[0] + animal[1] + animal[2];
                events.add(json("model", "animals", "version", "v7", "segment", "app=ios", "ts", ts,
                        "probabilities", List.of(animal[0] / sum, animal[1] / sum, animal[2] / sum),
                        "classes", List.of("cat", "dog", "bird"), "label", random.nextInt(3)));
                double truth = 200 + 50 * random.nextGaussian();
                events.add(json("model", "house-prices", "ts", ts, "prediction", truth + 10 * random.nextGaussian(),
                        "label", truth));
                double logit = 1.5 * random.nextGaussian();
                double churn = ReferenceMetrics.sigmoid(logit);
                int churned = random.nextDouble() < churn ? 1 : 0;
                String id = "customer-" + w + "-" + i;
                events.add(json("model", CHAMPION, "version", "v1", "id", id, "ts", ts, "probability", churn,
                        "label", churned));
                events.add(json("model", CHALLENGER, "version", "v1", "id", id, "ts", ts,
                        "probability", ReferenceMetrics.sigmoid(3 * logit), "label", churned));
                double[] anchor = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                events.add(json("model", ENCODER, "version", "v2", "ts", ts, "anchor", anchor,
                        "positive", List.of(anchor[0] + 0.5 * random.nextGaussian(), anchor[1], anchor[2]),
                        "negative", List.of(anchor[0] + random.nextGaussian(), anchor[1] + random.nextGaussian(),
                                anchor[2])));
                List<String> served = List.of("doc-" + queries.nextInt(9), "doc-" + (9 + queries.nextInt(9)),
                        "doc-" + (18 + queries.nextInt(9)));
                events.add(json("model", RANKER, "ts", ts, "items", served,
                        "relevant", List.of(served.get(queries.nextInt(3)), "doc-99")));
            }
        }
        return events;
    }

    /** The latest records of the output topics once every model's second window is there. */
    private record Latest(Map<List<String>, JsonNode> aggregates, Map<List<String>, JsonNode> firingAlerts,
                          Map<List<String>, JsonNode> comparisons) {}

    private static Latest awaitLatestWindow(Topics topics, String comparisonsTopic) throws Exception {
        String secondWindow = Instant.ofEpochMilli(T0 + MINUTE).toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Map<List<String>, JsonNode> aggregates = new HashMap<>();
            for (AggregateRecords.Output out : AggregateRecords.read(topics.output())) {
                JsonNode a = out.value();
                if (a.get("window_start").asText().equals(secondWindow)) {
                    aggregates.put(List.of(a.get("model").asText(), label(a.get("version")), label(a.get("segment"))),
                            a);
                }
            }
            Map<List<String>, JsonNode> comparisons = new HashMap<>();
            for (AggregateRecords.Output out : AggregateRecords.read(comparisonsTopic)) {
                JsonNode c = out.value();
                if (c.get("window_start").asText().equals(secondWindow)) {
                    comparisons.put(List.of(c.get("champion").asText(), c.get("challenger").asText(),
                            label(c.get("segment"))), c);
                }
            }
            if (aggregates.size() == 7 && comparisons.size() == 1) {
                Map<List<String>, JsonNode> states = new LinkedHashMap<>();
                for (AggregateRecords.Output out : AggregateRecords.read(topics.alerts())) {
                    JsonNode a = out.value();
                    if (!a.has("champion")) {
                        states.put(List.of(a.get("model").asText(), label(a.get("version")), label(a.get("segment")),
                                a.get("metric").asText(), a.get("rule").asText()), a);
                    }
                }
                states.values().removeIf(a -> !a.get("state").asText().equals("firing"));
                return new Latest(aggregates, states, comparisons);
            }
            assertThat(System.nanoTime()).as("the second window of every model and comparison within 90 s "
                    + "(aggregates: %s, comparisons: %s)", aggregates.keySet(), comparisons.keySet())
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** Every query of the dashboard: its panels' targets and its annotations. */
    private static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asText());
            }
        }
        for (JsonNode annotation : dashboard.at("/annotations/list")) {
            queries.add(annotation.get("expr").asText());
        }
        assertThat(queries).as("the dashboard's queries").hasSizeGreaterThanOrEqualTo(14);
        return queries;
    }

    /** What a query must return, by its labels in order, from the latest records on the topics. */
    private static Map<List<String>, Double> expected(String expr, Latest latest) {
        if (expr.contains(RESTARTS)) {
            return Map.of(List.of(JOB_NAME), 0.0);
        }
        Matcher gauge = GAUGE.matcher(expr);
        assertThat(gauge.find()).as("%s reads one of the job's gauges", expr).isTrue();
        String name = gauge.group(2);
        Map<List<String>, Double> expected = new TreeMap<>(PrometheusDashboardTest::compareLabels);
        switch (gauge.group(1)) {
            case "model_version_segment" -> latest.aggregates().forEach((key, a) -> {
                if (a.hasNonNull(name)) {
                    expected.put(key, a.get(name).asDouble());
                }
            });
            case "model_version_segment_metric_rule" -> {
                assertThat(name).isEqualTo("alert_firing");
                latest.firingAlerts().keySet().forEach(key -> expected.put(key, 1.0));
            }
            default -> latest.comparisons().forEach((key, c) -> c.at("/cumulative/metrics").fields()
                    .forEachRemaining(metric -> {
                        List<String> labels = new ArrayList<>(key);
                        labels.add(metric.getKey());
                        expected.put(labels, metric.getValue().get(name).asDouble());
                    }));
        }
        return expected;
    }

    /** Polls until Prometheus has scraped the latest values: the scrape and the topic's commit are not in step. */
    private static void assertEventually(PrometheusServer prometheus, String expr, Map<List<String>, Double> expected)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<List<String>, Double> actual;
        do {
            actual = new TreeMap<>(PrometheusDashboardTest::compareLabels);
            for (JsonNode series : prometheus.query(expr)) {
                List<String> labels = new ArrayList<>();
                JsonNode metric = series.get("metric");
                for (String label : labelNames(expr)) {
                    labels.add(metric.path(label).asText(null));
                }
                actual.put(labels, Double.parseDouble(series.get("value").get(1).asText()));
            }
            if (matches(actual, expected)) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(actual).as("Prometheus's answer to %s", expr).isEqualTo(expected);
    }

    private static boolean matches(Map<List<String>, Double> actual, Map<List<String>, Double> expected) {
        if (!actual.keySet().equals(expected.keySet())) {
            return false;
        }
        for (Map.Entry<List<String>, Double> e : expected.entrySet()) {
            if (Math.abs(actual.get(e.getKey()) - e.getValue()) > TOLERANCE * Math.max(1, Math.abs(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** The labels a query keeps, from its {@code by (…)} clause. */
    private static List<String> labelNames(String expr) {
        Matcher by = Pattern.compile("by \\(([^)]*)\\)").matcher(expr);
        assertThat(by.find()).as("%s aggregates by labels", expr).isTrue();
        return List.of(by.group(1).split(",\\s*"));
    }

    private static void awaitPrometheusAlerts(PrometheusServer prometheus, Latest latest) throws Exception {
        Map<String, List<List<String>>> expected = new TreeMap<>();
        expected.put("ModelLossAlert", new ArrayList<>(latest.firingAlerts().keySet()));
        latest.comparisons().forEach((key, c) -> c.at("/cumulative/metrics").fields().forEachRemaining(m -> {
            String verdict = m.getValue().get("verdict").asText();
            if (!verdict.equals("undecided")) {
                List<String> labels = new ArrayList<>(key);
                labels.add(m.getKey());
                expected.computeIfAbsent(verdict.equals("challenger worse") ? "ChallengerWorse" : "ChallengerBetter",
                        name -> new ArrayList<>()).add(labels);
            }
        }));
        assertThat(expected).as("the over-confident challenger is declared worse on some loss")
                .containsKey("ChallengerWorse");
        expected.values().forEach(keys -> keys.sort(PrometheusDashboardTest::compareLabels));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, List<List<String>>> actual;
        do {
            actual = new TreeMap<>();
            for (JsonNode alert : prometheus.alerts()) {
                JsonNode labels = alert.get("labels");
                String name = labels.get("alertname").asText();
                List<String> key = name.equals("ModelLossAlert")
                        ? List.of(labels.get("model").asText(), labels.get("version").asText(),
                                labels.get("segment").asText(), labels.get("metric").asText(),
                                labels.get("rule").asText())
                        : List.of(labels.path("champion").asText(), labels.path("challenger").asText(),
                                labels.path("segment").asText(), labels.path("metric").asText());
                if (alert.get("state").asText().equals("firing")) {
                    actual.computeIfAbsent(name, n -> new ArrayList<>()).add(key);
                }
            }
            actual.values().forEach(keys -> keys.sort(PrometheusDashboardTest::compareLabels));
            if (actual.equals(expected)) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(actual).as("the alerts Prometheus raises from deploy/prometheus/alerts.yml").isEqualTo(expected);
    }

    private static int compareLabels(List<String> a, List<String> b) {
        return String.join("\u0000", a).compareTo(String.join("\u0000", b));
    }

    /** A null version or segment, as the gauges' labels spell it. */
    private static String label(JsonNode value) {
        return value == null || value.isNull() ? "none" : value.asText();
    }
}

package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.alert.Inequality;
import io.lossmonitor.alert.ThresholdRule;
import io.lossmonitor.compare.ChampionChallenger;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.PairedReference;
import io.lossmonitor.testing.RankingReference;
import io.lossmonitor.testing.StateBackends;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two search rankers serve lists for the same queries, and each query's clicks (or graded gains) arrive later on the
 * labels topic: through the real job, on the heap and on RocksDB, every window's ranking metrics equal the
 * definitions computed here within 1e-9, the comparison of the two by query id gives the paired reference and
 * declares the challenger worse once it pushes relevant items down, and the default rule and a {@code <} threshold
 * rule fire on the drop.
 */
class RankingEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final String CHAMPION = "search-v1";
    private static final String CHALLENGER = "search-v2";
    private static final int WINDOWS = 6;
    /** The challenger pushes relevant items down from this window on. */
    private static final int DEGRADED_FROM = 4;
    private static final int PER_WINDOW = 80;
    private static final int K = 10;
    private static final double TOLERANCE = 1e-9;
    private static final List<String> MEANS = List.of("ndcg_at_k", "mrr_at_k", "recall_at_k", "precision_at_k",
            "hit_rate_at_k", "map_at_k");
    private static final List<String> COMPARED = List.of("ndcg_at_k", "mrr_at_k", "recall_at_k", "hit_rate_at_k");

    /** One query: both rankers' lists, its relevance (null when never labelled), its weight. */
    record Query(String id, long ts, int window, List<Object> champion, List<Object> challenger,
                         Map<String, Double> gains, boolean graded, double weight) {

        List<Object> served(String model) {
            return model.equals(CHAMPION) ? champion : challenger;
        }

        RankingReference reference(String model) {
            return RankingReference.of(served(model).stream().map(String::valueOf).toList(), gains, K);
        }

        boolean judged() {
            return gains != null;
        }

        boolean withRelevant() {
            return judged() && gains.values().stream().anyMatch(g -> g > 0);
        }
    }

    static List<Query> queries() {
        Random random = new Random(32);
        List<Query> queries = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < PER_WINDOW; i++) {
                int n = 3 + random.nextInt(18);
                List<Object> pool = new ArrayList<>();
                for (int j = 0; pool.size() < n; j++) {
                    int item = random.nextInt(500);
                    // Whole-number items are sent as numbers, their clicks as strings: one item either way.
                    Object id = item % 2 == 0 ? (Object) item : "doc-" + item;
                    if (!pool.contains(id)) {
                        pool.add(id);
                    }
                }
                int relevant = random.nextDouble() < 0.15 ? 0 : 1 + random.nextInt(Math.min(3, n));
                List<Object> clicked = new ArrayList<>(pool.subList(0, relevant));
                List<Object> others = new ArrayList<>(pool.subList(relevant, n));
                Collections.shuffle(others, random);
                List<Object> champion = placed(clicked, others, 0, Math.min(n, 5), random);
                boolean degraded = w >= DEGRADED_FROM;
                List<Object> challenger = placed(clicked, others, degraded ? Math.min(n - 1, 6) : 0,
                        degraded ? n : Math.min(n, 5), random);
                boolean graded = random.nextBoolean();
                Map<String, Double> gains = new LinkedHashMap<>();
                for (Object c : clicked) {
                    gains.put(String.valueOf(c), graded ? 1.0 + random.nextInt(3) : 1.0);
                }
                if (random.nextDouble() < 0.3) {
                    gains.put("unserved-" + random.nextInt(1000), graded ? 0.5 : 1.0);
                }
                if (graded && !others.isEmpty()) {
                    gains.put(String.valueOf(others.get(0)), 0.0);
                }
                boolean labelled = random.nextDouble() > 0.05;
                double weight = random.nextDouble() < 0.2 ? 2.5 : 1.0;
                queries.add(new Query("q-" + queries.size(), T0 + w * MINUTE + i * 600L, w, champion, challenger,
                        labelled ? gains : null, graded, weight));
            }
        }
        return queries;
    }

    /** The list with the clicked items each at a random position in [from, to), the others in between. */
    private static List<Object> placed(List<Object> clicked, List<Object> others, int from, int to, Random random) {
        List<Object> list = new ArrayList<>(others);
        for (Object c : clicked) {
            list.add(Math.min(list.size(), from + random.nextInt(Math.max(1, to - from))), c);
        }
        return list;
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void clicksOnTheLabelsTopicGiveTheDefinitionsComparisonsAndAlerts(StateBackends backend) throws Exception {
        List<Query> queries = queries();
        List<String> predictions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Query q : queries) {
            for (String model : List.of(CHAMPION, CHALLENGER)) {
                predictions.add(json("model", model, "id", q.id(), "ts", q.ts(), "weight", q.weight(),
                        "items", q.served(model)));
            }
            if (q.judged()) {
                labels.add(q.graded() ? json("id", q.id(), "gains", q.gains(), "ts", q.ts() + 500)
                        : json("id", q.id(), "relevant", List.copyOf(q.gains().keySet()), "ts", q.ts() + 500));
            }
        }
        Topics topics = Topics.fresh(2);
        String labelsTopic = KafkaTestBroker.freshTopic("labels", 2);
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, predictions);
        KafkaTestBroker.produceStrings(labelsTopic, 2, labels);
        ThresholdRule floor = new ThresholdRule("ndcg floor", Metric.NDCG_AT_K, Inequality.LESS, 0.45, CHALLENGER,
                null, null, 20, null);
        AlertSettings alerts = new AlertSettings(true, 3.0, 0.1, 20, 3, 3, List.of(floor), Duration.ofHours(1));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(backend.configuration());
        LossMonitorJob.define(env, TestJobs.alerting(TestJobs.comparing(
                TestJobs.boundedWithLabels(topics, labelsTopic, Duration.ofMinutes(2), JoinTime.LABEL),
                new ComparisonSettings(List.of(new ChampionChallenger(CHAMPION, CHALLENGER)), comparisons,
                        Duration.ofMinutes(2))), alerts));
        env.execute("ranking");

        assertThat(KafkaTestBroker.readAllValues(topics.deadLetters())).as("dead letters").isEmpty();
        assertAggregates(topics.output(), queries);
        assertComparisons(comparisons, queries);
        assertAlerts(topics.alerts(), queries);
    }

    private static void assertAggregates(String topic, List<Query> queries) {
        List<JsonNode> all = AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value).toList();
        Map<String, JsonNode> aggregates = all.stream().filter(a -> a.get("predictions").asLong() > 0)
                .collect(Collectors.toMap(a -> a.get("model").asText() + "@" + a.get("window_start").asText(),
                        a -> a));
        for (String model : List.of(CHAMPION, CHALLENGER)) {
            for (int w = 0; w < WINDOWS; w++) {
                int window = w;
                String key = model + "@" + Instant.ofEpochMilli(T0 + w * MINUTE);
                JsonNode a = aggregates.get(key);
                assertThat(a).as(key).isNotNull();
                List<Query> inWindow = queries.stream().filter(q -> q.window() == window).toList();
                List<Query> withRelevant = inWindow.stream().filter(Query::withRelevant).toList();
                List<Query> judged = inWindow.stream().filter(Query::judged).toList();
                assertThat(a.get("task").asText()).isEqualTo("ranking");
                assertThat(a.get("count").asLong()).as("%s: queries with a relevant item", key)
                        .isEqualTo(withRelevant.size());
                assertThat(a.get("predictions").asLong()).isEqualTo(inWindow.size());
                for (String metric : MEANS) {
                    double sum = 0;
                    double weights = 0;
                    double squares = 0;
                    for (Query q : withRelevant) {
                        double x = q.reference(model).metric(metric);
                        sum += q.weight() * x;
                        weights += q.weight();
                    }
                    double mean = sum / weights;
                    double squaredWeights = 0;
                    for (Query q : withRelevant) {
                        double d = q.reference(model).metric(metric) - mean;
                        squares += q.weight() * d * d;
                        squaredWeights += q.weight() * q.weight();
                    }
                    // Kish's effective n, as every mean's standard error: √(Σw²·s²_w) / Σw with s²_w = Σw d² / (Σw − Σw²/Σw).
                    double variance = squares / (weights - squaredWeights / weights);
                    double stderr = Math.sqrt(squaredWeights * variance) / weights;
                    assertThat(a.get(metric).asDouble()).as("%s: %s", key, metric).isCloseTo(mean, within(TOLERANCE));
                    assertThat(a.get("stderr").get(metric).asDouble()).as("%s: stderr of %s", key, metric)
                            .isCloseTo(stderr, within(TOLERANCE));
                }
                double judgedWeight = judged.stream().mapToDouble(Query::weight).sum();
                double noRelevantWeight = judged.stream().filter(q -> !q.withRelevant()).mapToDouble(Query::weight)
                        .sum();
                assertThat(a.get("no_relevant_rate").asDouble()).as("%s: no_relevant_rate", key)
                        .isCloseTo(noRelevantWeight / judgedWeight, within(TOLERANCE));
                double listLength = inWindow.stream().mapToDouble(q -> q.weight() * q.served(model).size()).sum()
                        / inWindow.stream().mapToDouble(Query::weight).sum();
                assertThat(a.get("list_length").asDouble()).as("%s: list_length", key)
                        .isCloseTo(listLength, within(TOLERANCE));
                assertThat(a.get("label_coverage").asDouble()).as("%s: judged queries / predictions", key)
                        .isCloseTo((double) judged.size() / inWindow.size(), within(TOLERANCE));
                assertThat(a.get("params").get("ranking_k").asInt()).isEqualTo(K);
                assertThat(a.get("cross_entropy").isNull()).as("no classifier metric for a ranker").isTrue();
            }
        }
        long expired = all.stream().mapToLong(a -> a.get("expired").asLong()).sum();
        assertThat(expired).as("both models' never-labelled queries expire")
                .isEqualTo(2 * queries.stream().filter(q -> !q.judged()).count());
    }

    private static void assertComparisons(String topic, List<Query> queries) {
        List<JsonNode> records = AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value).toList();
        assertThat(records).as("one record per window").hasSize(WINDOWS);
        for (int w = 0; w < WINDOWS; w++) {
            int window = w;
            JsonNode r = records.get(w);
            List<Query> paired = queries.stream().filter(q -> q.window() == window && q.withRelevant()).toList();
            List<Query> soFar = queries.stream().filter(q -> q.window() <= window && q.withRelevant()).toList();
            assertThat(r.get("task").asText()).isEqualTo("ranking");
            assertThat(r.get("paired").asLong()).as("queries with a relevant item pair").isEqualTo(paired.size());
            for (String metric : COMPARED) {
                PairedReference inWindow = paired(paired, metric);
                PairedReference cumulative = paired(soFar, metric);
                JsonNode m = r.get("metrics").get(metric);
                String where = metric + " in window " + w;
                assertThat(m.get("champion").asDouble()).as(where).isCloseTo(inWindow.championMean, within(TOLERANCE));
                assertThat(m.get("challenger").asDouble()).as(where)
                        .isCloseTo(inWindow.challengerMean, within(TOLERANCE));
                assertThat(m.get("difference").asDouble()).as(where).isCloseTo(inWindow.mean, within(TOLERANCE));
                JsonNode c = r.get("cumulative").get("metrics").get(metric);
                assertThat(c.get("cs_high").asDouble()).as(where).isCloseTo(cumulative.csHigh(), within(TOLERANCE));
                String verdict = cumulative.csHigh() < 0 ? "challenger worse"
                        : cumulative.csLow() > 0 ? "challenger better" : "undecided";
                assertThat(c.get("verdict").asText()).as("%s: higher is better, so a negative difference is worse",
                        where).isEqualTo(verdict);
                assertThat(c.get("better").asText()).isEqualTo("higher");
            }
        }
        assertThat(records.get(WINDOWS - 1).get("cumulative").get("metrics").get("ndcg_at_k").get("verdict").asText())
                .as("the fixture pushes the challenger's relevant items down far enough to decide")
                .isEqualTo("challenger worse");
        assertThat(records.get(DEGRADED_FROM - 1).get("cumulative").get("metrics").get("ndcg_at_k").get("verdict")
                .asText()).as("before the drop the two serve alike").isEqualTo("undecided");
    }

    private static PairedReference paired(List<Query> queries, String metric) {
        return new PairedReference(
                queries.stream().mapToDouble(q -> q.reference(CHAMPION).metric(metric)).toArray(),
                queries.stream().mapToDouble(q -> q.reference(CHALLENGER).metric(metric)).toArray());
    }

    private static void assertAlerts(String topic, List<Query> queries) {
        List<JsonNode> alerts = AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value).toList();
        String dropWindow = Instant.ofEpochMilli(T0 + DEGRADED_FROM * MINUTE).toString();
        assertThat(alerts).as("the default rule fires on the challenger's NDCG drop").anySatisfy(a -> {
            assertThat(a.get("model").asText()).isEqualTo(CHALLENGER);
            assertThat(a.get("rule").asText()).isEqualTo("baseline");
            assertThat(a.get("metric").asText()).isEqualTo("ndcg_at_k");
            assertThat(a.get("state").asText()).isEqualTo("firing");
            assertThat(a.get("window_start").asText()).isEqualTo(dropWindow);
            assertThat(a.get("threshold").asDouble()).as("a drop: the threshold is below the baseline")
                    .isLessThan(a.get("baseline").asDouble());
            assertThat(a.get("message").asText()).contains("higher is better");
        });
        assertThat(alerts).as("the champion does not move, so nothing fires for it on the baseline rule")
                .noneSatisfy(a -> {
                    assertThat(a.get("model").asText()).isEqualTo(CHAMPION);
                    assertThat(a.get("rule").asText()).isEqualTo("baseline");
                });
        assertThat(alerts).as("the threshold rule with <").anySatisfy(a -> {
            assertThat(a.get("rule").asText()).isEqualTo("ndcg floor");
            assertThat(a.get("state").asText()).isEqualTo("firing");
            assertThat(a.get("window_start").asText()).isEqualTo(dropWindow);
        });
        assertThat(alerts).as("the comparison declares the challenger worse on NDCG").anySatisfy(a -> {
            assertThat(a.get("rule").asText()).isEqualTo("comparison");
            assertThat(a.get("metric").asText()).isEqualTo("ndcg_at_k");
            assertThat(a.get("message").asText()).startsWith("challenger worse on ndcg_at_k, where higher is better: -");
        });
    }
}

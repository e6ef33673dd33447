package io.lossmonitor.compare;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.PairedReference;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A champion and a challenger scoring the same customers, through Kafka and the real job: each window's comparison
 * record and the cumulative verdicts equal a reference computed here from the pairs, with labels inline or joined
 * from the labels topic; a duplicate prediction is dead-lettered, unpaired ones count in their model's aggregate only.
 */
class ComparisonEndToEndTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(METRICS);

    private static final String CHAMPION = "churn-v1";
    private static final String CHALLENGER = "churn-v2";
    private static final int WINDOWS = 2;
    private static final int PER_WINDOW = 300;
    private static final double GAMMA = 2.0;
    private static final double ALPHA = 0.25;
    /** Sums and means of a few hundred losses in doubles, compared with the job's streaming sums. */
    private static final double TOLERANCE = 1e-9;

    /** One customer both models score: the calibrated champion and the over-confident challenger. */
    private record Customer(String id, long ts, double champion, double challenger, int churned) {
        int window() {
            return (int) ((ts - T0) / MINUTE);
        }
    }

    private static List<Customer> customers() {
        Random random = new Random(16);
        List<Customer> customers = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < PER_WINDOW; i++) {
                double logit = 1.5 * random.nextGaussian();
                double p = ReferenceMetrics.sigmoid(logit);
                customers.add(new Customer("c-" + customers.size(), T0 + w * MINUTE + i * 150L, p,
                        ReferenceMetrics.sigmoid(3 * logit), random.nextDouble() < p ? 1 : 0));
            }
        }
        return customers;
    }

    @Test
    void inlineLabelsPairedByIdGiveTheReferenceStatisticsAndVerdicts() throws Exception {
        List<Customer> customers = customers();
        List<String> events = new ArrayList<>();
        for (Customer c : customers) {
            events.add(prediction(CHAMPION, c.id, c.ts, c.champion, c.churned));
            events.add(prediction(CHALLENGER, c.id, c.ts, c.challenger, c.churned));
        }
        Customer again = customers.get(3);
        events.add(prediction(CHALLENGER, again.id, again.ts + 10, again.challenger, again.churned));
        events.add(prediction(CHAMPION, "solo", T0 + 1_000, 0.5, 1));
        events.add(json("model", CHALLENGER, "ts", T0 + 2_000, "probability", 0.5, "label", 1));
        Topics topics = Topics.fresh(2);
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, events);

        JobExecutionResult result = run(TestJobs.comparing(TestJobs.bounded(topics), settings(comparisons)));

        assertComparisons(comparisons, customers);
        assertAlerts(topics.alerts(), customers);
        Map<String, Long> counts = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value)
                .filter(a -> a.get("window_start").asText().equals(Instant.ofEpochMilli(T0).toString()))
                .collect(Collectors.toMap(a -> a.get("model").asText(), a -> a.get("count").asLong()));
        assertThat(counts).as("unpaired and duplicate predictions still count in their model's aggregate")
                .containsEntry(CHAMPION, (long) PER_WINDOW + 1)
                .containsEntry(CHALLENGER, (long) PER_WINDOW + 2);

        List<String> deadLetters = KafkaTestBroker.readAllValues(topics.deadLetters());
        assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d)
                .contains("duplicate prediction of 'churn-v2' with id 'c-3' for --compare churn-v1:churn-v2"));
        assertThat(TestJobs.counter(METRICS, result.getJobID(), PairJoin.PAIRS_MADE))
                .isEqualTo(WINDOWS * PER_WINDOW);
        assertThat(TestJobs.counter(METRICS, result.getJobID(), PairJoin.PAIRS_EXPIRED))
                .as("the champion's prediction 'solo' never met a challenger's").isEqualTo(1);
    }

    @Test
    void labelsJoinedFromTheLabelsTopicPairTheSameWay() throws Exception {
        List<Customer> customers = customers();
        List<String> predictions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Customer c : customers) {
            predictions.add(json("model", CHAMPION, "id", c.id, "ts", c.ts, "probability", c.champion));
            predictions.add(json("model", CHALLENGER, "id", c.id, "ts", c.ts, "probability", c.challenger));
            // One label per customer labels both models' predictions, in the same window.
            labels.add(json("id", c.id, "label", c.churned, "ts", c.ts + 500));
        }
        Topics topics = Topics.fresh(2);
        String labelsTopic = KafkaTestBroker.freshTopic("labels", 2);
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, predictions);
        KafkaTestBroker.produceStrings(labelsTopic, 2, labels);

        run(TestJobs.comparing(TestJobs.boundedWithLabels(topics, labelsTopic, Duration.ofMinutes(5), JoinTime.LABEL),
                settings(comparisons)));

        assertComparisons(comparisons, customers);
        assertThat(KafkaTestBroker.readAllValues(topics.deadLetters())).isEmpty();
    }

    private static JobExecutionResult run(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, config);
        return env.execute("comparisons");
    }

    private static ComparisonSettings settings(String topic) {
        return new ComparisonSettings(List.of(new ChampionChallenger(CHAMPION, CHALLENGER)), topic,
                Duration.ofMinutes(2));
    }

    private static String prediction(String model, String id, long ts, double p, int label) {
        return json("model", model, "id", id, "ts", ts, "probability", p, "label", label);
    }

    /** Per compared loss, both models' per-customer losses by the published definitions. */
    private static Map<String, double[][]> losses(List<Customer> customers) {
        double[] champion = customers.stream().mapToDouble(Customer::champion).toArray();
        double[] challenger = customers.stream().mapToDouble(Customer::challenger).toArray();
        int[] y = customers.stream().mapToInt(Customer::churned).toArray();
        Map<String, double[][]> losses = new TreeMap<>();
        losses.put("cross_entropy", new double[][] {
            ReferenceMetrics.logLoss(ReferenceMetrics.binaryRows(champion), y),
            ReferenceMetrics.logLoss(ReferenceMetrics.binaryRows(challenger), y)});
        losses.put("brier", new double[][] {binaryBrier(champion, y), binaryBrier(challenger, y)});
        losses.put("focal_loss", new double[][] {
            ReferenceMetrics.binaryFocal(champion, y, GAMMA, ALPHA),
            ReferenceMetrics.binaryFocal(challenger, y, GAMMA, ALPHA)});
        losses.put("error_rate", new double[][] {
            ReferenceMetrics.errors(ReferenceMetrics.binaryRows(champion), y),
            ReferenceMetrics.errors(ReferenceMetrics.binaryRows(challenger), y)});
        return losses;
    }

    /** (p − y)², scikit-learn's {@code brier_score_loss} before averaging. */
    private static double[] binaryBrier(double[] p, int[] y) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (p[i] - y[i]) * (p[i] - y[i]);
        }
        return out;
    }

    /** The reference for each loss over the customers that {@code include} selects. */
    private static Map<String, PairedReference> reference(List<Customer> customers, Function<Customer, Boolean> include) {
        List<Customer> selected = customers.stream().filter(include::apply).toList();
        Map<String, PairedReference> references = new TreeMap<>();
        losses(selected).forEach((metric, both) -> references.put(metric, new PairedReference(both[0], both[1])));
        return references;
    }

    private static void assertComparisons(String topic, List<Customer> customers) {
        List<AggregateRecords.Output> records = AggregateRecords.read(topic);
        assertThat(records).as("one record per window").hasSize(WINDOWS);
        for (int w = 0; w < WINDOWS; w++) {
            int window = w;
            AggregateRecords.Output record = records.get(w);
            JsonNode r = record.value();
            assertThat(record.key()).as("keyed by the champion").isEqualTo(CHAMPION);
            assertThat(r.get("champion").asText()).isEqualTo(CHAMPION);
            assertThat(r.get("challenger").asText()).isEqualTo(CHALLENGER);
            assertThat(r.get("segment").isNull()).isTrue();
            assertThat(r.get("task").asText()).isEqualTo("binary");
            assertThat(r.get("window_start").asText()).isEqualTo(Instant.ofEpochMilli(T0 + w * MINUTE).toString());
            assertThat(r.get("window_end").asText()).isEqualTo(Instant.ofEpochMilli(T0 + (w + 1) * MINUTE).toString());
            assertThat(r.get("paired").asLong()).isEqualTo(PER_WINDOW);
            assertThat(r.get("cumulative").get("paired").asLong()).isEqualTo((long) (w + 1) * PER_WINDOW);

            Map<String, PairedReference> inWindow = reference(customers, c -> c.window() == window);
            Map<String, PairedReference> soFar = reference(customers, c -> c.window() <= window);
            assertThat(fieldNames(r.get("metrics"))).isEqualTo(inWindow.keySet());
            inWindow.forEach((metric, ref) -> assertWindow(window, metric, r.get("metrics").get(metric), ref));
            soFar.forEach((metric, ref) -> assertCumulative(window, metric,
                    r.get("cumulative").get("metrics").get(metric), ref));
        }
    }

    private static void assertWindow(int w, String metric, JsonNode m, PairedReference ref) {
        String where = metric + " in window " + w;
        assertThat(m.get("champion").asDouble()).as(where).isCloseTo(ref.championMean, within(TOLERANCE));
        assertThat(m.get("challenger").asDouble()).as(where).isCloseTo(ref.challengerMean, within(TOLERANCE));
        assertThat(m.get("difference").asDouble()).as(where).isCloseTo(ref.mean, within(TOLERANCE));
        assertThat(m.get("stderr").asDouble()).as(where).isCloseTo(ref.stderr(), within(TOLERANCE));
        assertThat(m.get("ci_low").asDouble()).as(where).isCloseTo(ref.ciLow(), within(TOLERANCE));
        assertThat(m.get("ci_high").asDouble()).as(where).isCloseTo(ref.ciHigh(), within(TOLERANCE));
        if (ref.sd == 0) {
            assertThat(m.get("p_value").asDouble()).as("%s: the same loss in every pair", where).isEqualTo(1.0);
        } else {
            assertThat(m.get("p_value").asDouble()).as(where)
                    .isCloseTo(ref.pValue(), within(1e-6 * ref.pValue() + 1e-300));
        }
    }

    private static void assertCumulative(int w, String metric, JsonNode m, PairedReference ref) {
        String where = metric + " cumulative at window " + w;
        assertThat(m.get("difference").asDouble()).as(where).isCloseTo(ref.mean, within(TOLERANCE));
        assertThat(m.get("cs_low").asDouble()).as(where).isCloseTo(ref.csLow(), within(TOLERANCE));
        assertThat(m.get("cs_high").asDouble()).as(where).isCloseTo(ref.csHigh(), within(TOLERANCE));
        assertThat(m.get("verdict").asText()).as(where).isEqualTo(ref.verdict());
    }

    /** Where and what a verdict was first decided. */
    private record Firing(String windowStart, String verdict) {}

    /** A firing comparison alert in the first window whose cumulative verdict is decided, and none for the others. */
    private static void assertAlerts(String topic, List<Customer> customers) {
        Map<String, Firing> expected = new HashMap<>();
        for (int w = WINDOWS - 1; w >= 0; w--) {
            int window = w;
            reference(customers, c -> c.window() <= window).forEach((metric, ref) -> {
                if (!ref.verdict().equals("undecided")) {
                    expected.put(metric, new Firing(Instant.ofEpochMilli(T0 + window * MINUTE).toString(),
                            ref.verdict()));
                }
            });
        }
        assertThat(expected).as("the fixture decides cross-entropy").containsKey("cross_entropy");
        assertThat(expected).as("identical predicted classes never decide the error rate")
                .doesNotContainKey("error_rate");
        List<JsonNode> alerts = AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value)
                .filter(a -> a.get("rule").asText().equals("comparison")).toList();
        Map<String, Firing> fired = new HashMap<>();
        for (JsonNode a : alerts) {
            String metric = a.get("metric").asText();
            assertThat(a.get("state").asText()).isEqualTo("firing");
            assertThat(a.get("model").asText()).isEqualTo(CHALLENGER);
            assertThat(a.get("champion").asText()).isEqualTo(CHAMPION);
            assertThat(expected).containsKey(metric);
            assertThat(a.get("message").asText())
                    .startsWith(expected.get(metric).verdict() + " on " + metric + ": ")
                    .endsWith("paired predictions (churn-v2 vs churn-v1)");
            fired.put(metric, new Firing(a.get("window_start").asText(), expected.get(metric).verdict()));
        }
        assertThat(fired).as("one alert per decided loss, in the window it was decided").isEqualTo(expected);
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new java.util.TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

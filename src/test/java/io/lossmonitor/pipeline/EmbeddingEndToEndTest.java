package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.compare.ChampionChallenger;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.PairedReference;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.testing.StateBackends;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Encoders through Kafka and the real job, on both state backends: triplets as vectors and as distances, weighted;
 * pairs with their label inline and from the labels topic; and a comparison of two encoders on the same triplets.
 * Every aggregate and comparison equals PyTorch's definitions computed here ({@link ReferenceMetrics}).
 */
class EmbeddingEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final String ENCODER = "face-v1";
    private static final String CHALLENGER = "face-v2";
    private static final String RANKER = "search-ranker";
    private static final String MATCHER = "pair-matcher";
    private static final int WINDOWS = 2;
    private static final int TRIPLETS_PER_WINDOW = 150;
    private static final int PAIRS = 160;
    private static final int DIMENSIONS = 32;
    /** Means of a few hundred doubles, streamed and merged in another order than the reference's. */
    private static final double TOLERANCE = 1e-9;

    /** One triplet as both encoders embed it, with its weight. */
    private record Triplet(String id, long ts, double weight, double[][] v1, double[][] v2) {
        int window() {
            return (int) ((ts - T0) / MINUTE);
        }

        double loss(boolean challenger) {
            double[][] v = challenger ? v2 : v1;
            return Math.max(ReferenceMetrics.pairwiseDistance(v[0], v[1])
                    - ReferenceMetrics.pairwiseDistance(v[0], v[2]) + 1.0, 0);
        }

        boolean wrong(boolean challenger) {
            double[][] v = challenger ? v2 : v1;
            return ReferenceMetrics.pairwiseDistance(v[0], v[1]) >= ReferenceMetrics.pairwiseDistance(v[0], v[2]);
        }
    }

    /** One pair with its label, which comes on the labels topic when {@code late}. */
    private record Pair(String id, long ts, double weight, double[] x1, double[] x2, int label, boolean late) {}

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void encodersAreMeasuredAsPyTorchDefinesTheirLossesAndComparedOnTheSameTriplets(StateBackends backend)
            throws Exception {
        Random random = new Random(25);
        List<Triplet> triplets = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < TRIPLETS_PER_WINDOW; i++) {
                double[] anchor = vector(random, null, 0);
                double[][] v1 = {anchor, vector(random, anchor, 0.4), vector(random, anchor, 0.7)};
                // The challenger's positives are noisier: more active and wrong triplets.
                double[][] v2 = {v1[0], vector(random, anchor, 0.65), v1[2]};
                Triplet t = new Triplet("t-" + triplets.size(), T0 + w * MINUTE + i * 300L, 1 + random.nextInt(3),
                        v1, v2);
                triplets.add(t);
                predictions.add(triplet(ENCODER, t, t.v1));
                predictions.add(triplet(CHALLENGER, t, t.v2));
            }
        }
        double[] dp = {0.3, 1.2, 0.8, 0.0};
        double[] dn = {1.0, 0.9, 0.8, 2.5};
        for (int i = 0; i < dp.length; i++) {
            predictions.add(json("model", RANKER, "ts", T0 + 1_000 + i, "distance_positive", dp[i],
                    "distance_negative", dn[i]));
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            double[] x1 = vector(random, null, 0);
            int label = random.nextBoolean() ? 1 : -1;
            Pair p = new Pair("p-" + i, T0 + 2_000 + i * 200L, 0.5 + random.nextInt(3), x1,
                    label == 1 ? vector(random, x1, 0.8) : vector(random, null, 0), label, i % 2 == 1);
            pairs.add(p);
            predictions.add(p.late
                    ? json("model", MATCHER, "id", p.id, "ts", p.ts, "weight", p.weight, "x1", p.x1, "x2", p.x2)
                    : json("model", MATCHER, "id", p.id, "ts", p.ts, "weight", p.weight, "x1", p.x1, "x2", p.x2,
                            "label", p.label));
            if (p.late) {
                labels.add(json("id", p.id, "label", p.label, "ts", p.ts + 5_000));
            }
        }
        Topics topics = Topics.fresh(2);
        String labelsTopic = KafkaTestBroker.freshTopic("labels", 2);
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, predictions);
        KafkaTestBroker.produceStrings(labelsTopic, 2, labels);

        JobConfig config = TestJobs.comparing(
                TestJobs.boundedWithLabels(topics, labelsTopic, Duration.ofMinutes(5), JoinTime.LABEL),
                new ComparisonSettings(List.of(new ChampionChallenger(ENCODER, CHALLENGER)), comparisons,
                        Duration.ofMinutes(2)));
        LossMonitorJob.run(config, backend.configuration());

        assertThat(KafkaTestBroker.readAllValues(topics.deadLetters())).as("dead letters").isEmpty();
        List<JsonNode> aggregates = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value).toList();
        for (int w = 0; w < WINDOWS; w++) {
            int window = w;
            List<Triplet> inWindow = triplets.stream().filter(t -> t.window() == window).toList();
            assertTriplets(aggregate(aggregates, ENCODER, w), inWindow, false);
            assertTriplets(aggregate(aggregates, CHALLENGER, w), inWindow, true);
        }
        JsonNode ranker = aggregate(aggregates, RANKER, 0);
        assertThat(ranker.get("task").asText()).isEqualTo("triplet");
        assertThat(ranker.get("triplet_loss").asDouble()).as("given distances, as given")
                .isCloseTo(ReferenceMetrics.weightedMean(ReferenceMetrics.tripletLoss(dp, dn, 1.0),
                        ReferenceMetrics.ones(dp.length)), within(TOLERANCE));
        assertThat(ranker.get("triplet_error_rate").asDouble()).as("1.2 ≥ 0.9 and a tie are wrong")
                .isCloseTo(0.5, within(TOLERANCE));
        assertPairs(aggregate(aggregates, MATCHER, 0), pairs);
        assertComparisons(comparisons, triplets);
    }

    private static void assertTriplets(JsonNode a, List<Triplet> triplets, boolean challenger) {
        String model = a.get("model").asText();
        double[] w = triplets.stream().mapToDouble(Triplet::weight).toArray();
        double[] losses = triplets.stream().mapToDouble(t -> t.loss(challenger)).toArray();
        double[] wrong = triplets.stream().mapToDouble(t -> t.wrong(challenger) ? 1 : 0).toArray();
        double[] active = triplets.stream().mapToDouble(t -> t.loss(challenger) > 0 ? 1 : 0).toArray();
        double[] positive = triplets.stream()
                .mapToDouble(t -> ReferenceMetrics.pairwiseDistance((challenger ? t.v2 : t.v1)[0],
                        (challenger ? t.v2 : t.v1)[1])).toArray();
        assertThat(a.get("task").asText()).isEqualTo("triplet");
        assertThat(a.get("count").asLong()).as("%s: triplets are labelled by themselves", model)
                .isEqualTo(triplets.size());
        assertThat(a.get("predictions").asLong()).isEqualTo(triplets.size());
        assertThat(a.get("label_coverage").asDouble()).isEqualTo(1.0);
        assertThat(a.get("triplet_loss").asDouble()).as(model)
                .isCloseTo(ReferenceMetrics.weightedMean(losses, w), within(TOLERANCE));
        assertThat(a.get("stderr").get("triplet_loss").asDouble()).as(model)
                .isCloseTo(ReferenceMetrics.standardError(losses, w), within(TOLERANCE));
        assertThat(a.get("triplet_error_rate").asDouble()).as(model)
                .isCloseTo(ReferenceMetrics.weightedMean(wrong, w), within(TOLERANCE));
        assertThat(a.get("triplet_active_rate").asDouble()).as(model)
                .isCloseTo(ReferenceMetrics.weightedMean(active, w), within(TOLERANCE));
        assertThat(a.get("distance_positive").asDouble()).as(model)
                .isCloseTo(ReferenceMetrics.weightedMean(positive, w), within(TOLERANCE));
        assertThat(a.get("triplet_loss_p50").isNumber()).as("%s: quantiles of the loss", model).isTrue();
        assertThat(a.get("cross_entropy").isNull()).as("%s: no classifier metrics", model).isTrue();
    }

    private static void assertPairs(JsonNode a, List<Pair> pairs) {
        double[] cos = pairs.stream().mapToDouble(p -> ReferenceMetrics.embeddingCosine(p.x1, p.x2)).toArray();
        int[] y = pairs.stream().mapToInt(Pair::label).toArray();
        double[] w = pairs.stream().mapToDouble(Pair::weight).toArray();
        assertThat(a.get("task").asText()).isEqualTo("pair");
        assertThat(a.get("count").asLong()).as("inline labels and labels joined from the labels topic")
                .isEqualTo(PAIRS);
        assertThat(a.get("label_delay_ms_p50").asDouble()).as("the joined half waited 5 s").isEqualTo(5_000.0);
        assertThat(a.get("cosine_embedding_loss").asDouble())
                .isCloseTo(ReferenceMetrics.weightedMean(ReferenceMetrics.cosineEmbeddingLoss(cos, y, 0.0), w),
                        within(TOLERANCE));
        assertThat(a.get("pair_error_rate").asDouble()).isCloseTo(ReferenceMetrics.weightedMean(
                ReferenceMetrics.indicator(PAIRS, i -> (cos[i] >= 0.5) != (y[i] == 1)), w), within(TOLERANCE));
        assertThat(a.get("cosine_similarity_similar").asDouble())
                .isCloseTo(ReferenceMetrics.weightedMeanOfLabel(cos, y, w, 1), within(TOLERANCE)).isGreaterThan(0.5);
        assertThat(a.get("cosine_similarity_dissimilar").asDouble()).as("unrelated random vectors")
                .isCloseTo(ReferenceMetrics.weightedMeanOfLabel(cos, y, w, -1), within(TOLERANCE)).isBetween(-0.3, 0.3);
        double[] similar = java.util.stream.IntStream.range(0, PAIRS).filter(i -> y[i] == 1).mapToDouble(i -> cos[i])
                .toArray();
        double[] similarWeights = java.util.stream.IntStream.range(0, PAIRS).filter(i -> y[i] == 1)
                .mapToDouble(i -> w[i]).toArray();
        assertThat(a.get("stderr").get("cosine_similarity_similar").asDouble()).as("stderr of the similar pairs' mean")
                .isCloseTo(ReferenceMetrics.standardError(similar, similarWeights), within(TOLERANCE));
    }


    private static void assertComparisons(String topic, List<Triplet> triplets) {
        List<JsonNode> records = AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value).toList();
        assertThat(records).as("one comparison per window").hasSize(WINDOWS);
        for (int w = 0; w < WINDOWS; w++) {
            int window = w;
            JsonNode r = records.get(w);
            List<Triplet> inWindow = triplets.stream().filter(t -> t.window() == window).toList();
            assertThat(r.get("task").asText()).isEqualTo("triplet");
            assertThat(r.get("paired").asLong()).isEqualTo(TRIPLETS_PER_WINDOW);
            PairedReference loss = new PairedReference(
                    inWindow.stream().mapToDouble(t -> t.loss(false)).toArray(),
                    inWindow.stream().mapToDouble(t -> t.loss(true)).toArray());
            JsonNode m = r.get("metrics").get("triplet_loss");
            assertThat(m.get("difference").asDouble()).as("window %s", w).isCloseTo(loss.mean, within(TOLERANCE))
                    .isPositive();
            assertThat(m.get("stderr").asDouble()).isCloseTo(loss.stderr(), within(TOLERANCE));
            assertThat(r.get("metrics").get("triplet_error_rate")).as("compared as well").isNotNull();
        }
    }

    private static JsonNode aggregate(List<JsonNode> aggregates, String model, int window) {
        String start = Instant.ofEpochMilli(T0 + window * MINUTE).toString();
        return aggregates.stream()
                .filter(a -> a.get("model").asText().equals(model) && a.get("window_start").asText().equals(start))
                .findFirst().orElseThrow(() -> new AssertionError("no aggregate of " + model + " at " + start));
    }

    private static String triplet(String model, Triplet t, double[][] v) {
        return json("model", model, "id", t.id, "ts", t.ts, "weight", t.weight, "anchor", v[0], "positive", v[1],
                "negative", v[2]);
    }

    /** A random vector, or one near {@code around}. */
    private static double[] vector(Random random, double[] around, double spread) {
        double[] v = new double[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            v[d] = around == null ? random.nextGaussian() : around[d] + spread * random.nextGaussian();
        }
        return v;
    }
}

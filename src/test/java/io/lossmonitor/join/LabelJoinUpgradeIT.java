package io.lossmonitor.join;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.JoinStateBytes;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.LabelledTraffic;
import io.lossmonitor.testing.StandaloneFlinkCluster;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The label join through an upgrade as an operator would do it, on a standalone cluster with RocksDB and incremental
 * checkpoints: two versions of one model score the same ids in shadow, a retired version has predictions waiting
 * that never get a label, and an at-least-once producer resends some predictions. The job runs at parallelism 2 with
 * {@code --label-ttl 1h}, is stopped with a savepoint while predictions of every version wait, and resumes from it at
 * parallelism 3 with {@code --label-ttl 5m}. Every prediction ends exactly once — joined, expired or dead-lettered —
 * and the job never fails.
 */
class LabelJoinUpgradeIT {

    private static final int PARTITIONS = 3;
    private static final String MODEL = "fraud";
    private static final int BEFORE = 1_200;
    private static final int AFTER = 600;
    private static final long SPACING = 400;
    private static final long MAX_LABEL_DELAY = 20_000;
    private static final int RETIRED = 150;
    private static final int RESENT_BEFORE = 60;
    private static final int RESENT_ACROSS = 15;

    /** A record and the event time it is produced in order of. */
    private record Timed(long ts, String json) {}

    @Test
    void shadowVersionsThroughASavepointRescaleAndShorterTtlEachEndExactlyOnce() throws Exception {
        Random random = new Random(30);
        long cut = T0 + BEFORE * SPACING;
        List<Timed> predictionsBefore = new ArrayList<>();
        List<Timed> labelsBefore = new ArrayList<>();
        List<Timed> predictionsAfter = new ArrayList<>();
        List<Timed> labelsAfter = new ArrayList<>();
        List<String> waitingAcross = new ArrayList<>();
        for (int i = 0; i < BEFORE + AFTER; i++) {
            long ts = T0 + i * SPACING;
            String id = JoinStateBytes.id(i);
            List<Timed> predictions = ts < cut ? predictionsBefore : predictionsAfter;
            for (String version : List.of("v1", "v2")) {
                predictions.add(new Timed(ts, json("model", MODEL, "version", version, "id", id, "ts", ts,
                        "probability", random.nextDouble())));
            }
            long labelTime = ts + 1_000 + (long) (random.nextDouble() * MAX_LABEL_DELAY);
            (labelTime < cut ? labelsBefore : labelsAfter)
                    .add(new Timed(labelTime, json("id", id, "label", random.nextInt(2), "ts", labelTime)));
            if (ts < cut && labelTime >= cut) {
                waitingAcross.add(id);
            }
        }
        for (int i = 0; i < RETIRED; i++) {
            long ts = T0 + i * 1_000L;
            predictionsBefore.add(new Timed(ts, json("model", MODEL, "version", "retired", "id", "retired-" + i,
                    "ts", ts, "probability", 0.5)));
        }
        List<String> resent = new ArrayList<>();
        for (int i = 0; i < RESENT_BEFORE; i++) {
            // Resent right after the first, or once its label has joined: the join sees either, by arrival order.
            int index = i * (BEFORE / RESENT_BEFORE);
            long ts = T0 + index * SPACING;
            predictionsBefore.add(new Timed(ts + (i % 2 == 0 ? 1 : MAX_LABEL_DELAY + 2_000), json("model", MODEL,
                    "version", "v1", "id", JoinStateBytes.id(index), "ts", ts, "probability", 0.1)));
            resent.add("v1 " + JoinStateBytes.id(index));
        }
        assertThat(waitingAcross).as("labels that come after the savepoint").hasSizeGreaterThan(RESENT_ACROSS);
        List<Timed> resentAcross = new ArrayList<>();
        for (int i = 0; i < RESENT_ACROSS; i++) {
            String id = waitingAcross.get(i);
            resentAcross.add(new Timed(cut, json("model", MODEL, "version", "v2", "id", id, "ts", cut - 1_000,
                    "probability", 0.9)));
            resent.add("v2 " + id);
        }
        long end = T0 + (BEFORE + AFTER) * SPACING + 65 * MINUTE;

        Topics topics = Topics.fresh(PARTITIONS);
        String labels = KafkaTestBroker.freshTopic("labels", PARTITIONS);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        KafkaTestBroker.produceStrings(topics.predictions(), PARTITIONS, ordered(predictionsBefore));
        KafkaTestBroker.produceStrings(labels, PARTITIONS, ordered(labelsBefore));
        String group = "join-upgrade-" + UUID.randomUUID();
        Path savepoints = Files.createTempDirectory("join-upgrade");

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(2, 2, Map.of(
                "state.backend.type", "rocksdb",
                "execution.checkpointing.incremental", "true"))) {
            String jar = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String first = cluster.runJar(jar, args(topics, labels, group, "1h", 2));
            int windowsBefore = (int) ((cut - T0) / MINUTE) - 1;
            cluster.awaitOutput(() -> versionWindows(bootstrap, topics.output(), "v1"), windowsBefore);
            String savepoint = cluster.stopWithSavepoint(first, savepoints.toUri().toString());
            assertThat(cluster.awaitTermination(first, Duration.ofMinutes(1))).isEqualTo("FINISHED");

            KafkaTestBroker.produceStrings(topics.predictions(), PARTITIONS, ordered(resentAcross));
            KafkaTestBroker.produceStrings(topics.predictions(), PARTITIONS, ordered(predictionsAfter));
            KafkaTestBroker.produceStrings(labels, PARTITIONS, ordered(labelsAfter));
            KafkaTestBroker.produceStrings(topics.predictions(), PARTITIONS,
                    LabelledTraffic.clockPredictions(PARTITIONS, end));
            KafkaTestBroker.produceStrings(labels, PARTITIONS, LabelledTraffic.clockLabels(PARTITIONS, end));
            String resumed = cluster.runJar(jar, args(topics, labels, group, "5m", 3), savepoint);
            try {
                cluster.awaitOutput(() -> (int) sum(aggregates(bootstrap, topics.output()), "expired"), RETIRED);
                cluster.awaitOutput(() -> (int) sum(version(aggregates(bootstrap, topics.output()), "v2"), "count"),
                        BEFORE + AFTER);
                cluster.awaitOutput(() -> (int) sum(version(aggregates(bootstrap, topics.output()), "v1"), "count"),
                        BEFORE + AFTER);
                Thread.sleep(3_000);
                for (String job : List.of(first, resumed)) {
                    assertThat(cluster.get("/jobs/" + job).path("timestamps").path("RESTARTING").asLong())
                            .as("job %s never restarted; cluster logs:%n%s", job, cluster.logs()).isZero();
                }
            } finally {
                cluster.cancel(resumed);
            }
        }

        List<JsonNode> output = aggregates(bootstrap, topics.output());
        for (String v : List.of("v1", "v2")) {
            assertThat(sum(version(output, v), "count")).as("%s: every prediction joined its label once", v)
                    .isEqualTo(BEFORE + AFTER);
            assertThat(sum(version(output, v), "predictions")).as("%s: every prediction counted once", v)
                    .isEqualTo(BEFORE + AFTER);
            assertThat(sum(version(output, v), "expired")).as("%s: nothing expired", v).isZero();
        }
        List<JsonNode> retired = version(output, "retired");
        assertThat(sum(retired, "predictions")).isEqualTo(RETIRED);
        assertThat(sum(retired, "expired")).as("the retired version's predictions expire once each, by the old TTL")
                .isEqualTo(RETIRED);
        assertThat(retired).filteredOn(a -> a.get("expired").asLong() > 0)
                .allSatisfy(a -> assertThat(Instant.parse(a.get("window_start").asText()).toEpochMilli())
                        .as("expired at event time plus the 1h they were set to wait")
                        .isGreaterThanOrEqualTo(T0 + 60 * MINUTE));
        assertThat(sum(retired, "count")).isZero();

        List<JsonNode> deadLetters = KafkaTestBroker.readAll(topics.deadLetters()).stream()
                .map(r -> AggregateRecords.parse(r.value())).toList();
        assertThat(deadLetters).as("one dead letter per resent prediction, nothing else").hasSize(resent.size());
        assertThat(deadLetters).extracting(d -> d.get("error").asText())
                .allSatisfy(e -> assertThat(e).startsWith("duplicate prediction of model 'fraud', version 'v"));
        assertThat(deadLetters.stream().map(d -> {
            String e = d.get("error").asText();
            String version = e.substring(e.indexOf("version '") + 9, e.indexOf("', segment"));
            String id = e.substring(e.indexOf("for id '") + 8, e.indexOf("':"));
            return version + " " + id;
        }).collect(Collectors.toList())).as("each resent prediction named by version and id")
                .containsExactlyInAnyOrderElementsOf(resent);
    }

    private static List<String> args(Topics topics, String labels, String group, String ttl, int parallelism) {
        return List.of("run", "--bootstrap-servers", KafkaTestBroker.bootstrapServers(),
                "--predictions-topic", topics.predictions(), "--labels-topic", labels,
                "--output-topic", topics.output(), "--alerts-topic", topics.alerts(),
                "--dlq-topic", topics.deadLetters(), "--label-ttl", ttl, "--group-id", group,
                "--checkpoint-interval", "1s", "--idleness", "0s", "--parallelism", String.valueOf(parallelism),
                "--no-default-alerts");
    }

    private static List<String> ordered(List<Timed> records) {
        return records.stream().sorted(Comparator.comparingLong(Timed::ts)).map(Timed::json).toList();
    }

    private static List<JsonNode> aggregates(String bootstrap, String topic) {
        return AggregateRecords.read(bootstrap, topic).stream().map(AggregateRecords.Output::value)
                .filter(a -> a.get("model").asText().equals(MODEL)).collect(Collectors.toList());
    }

    private static List<JsonNode> version(List<JsonNode> aggregates, String version) {
        return aggregates.stream().filter(a -> a.get("version").asText().equals(version)).toList();
    }

    private static int versionWindows(String bootstrap, String topic, String version) {
        return version(aggregates(bootstrap, topic), version).size();
    }

    private static long sum(List<JsonNode> aggregates, String field) {
        return aggregates.stream().mapToLong(a -> a.get(field).asLong()).sum();
    }
}

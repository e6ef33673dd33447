package io.lossmonitor.job;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.StandaloneFlinkCluster;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stop with a savepoint mid-stream and start again from it: the output is what an uninterrupted run gives, each
 * (model, window) exactly once, the open window carried over in state. A run with a changed loss parameter (Huber
 * δ) starts from the same savepoint too, since every operator keeps its uid.
 */
class SavepointUpgradeIT {

    private static final List<String> MODELS = List.of("alpha", "beta");
    private static final int EVENTS_PER_WINDOW = 10;
    private static final int WINDOWS = 10;

    @Test
    void aJobStoppedWithASavepointResumesWithoutLosingOrRepeatingWindows() throws Exception {
        Topics topics = Topics.fresh(2);
        Topics upgradedTopics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, windows(0, WINDOWS / 2));
        Path savepoints = Files.createTempDirectory("savepoints");

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(1, 4)) {
            String jar = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String first = cluster.runJar(jar, args(topics, topics.predictions(), "1.0", "savepoint-test"), null);
            awaitAggregates(topics.output(), MODELS.size() * (WINDOWS / 2 - 1), cluster);
            String savepoint = cluster.stopWithSavepoint(first, savepoints.toUri().toString());
            assertThat(cluster.awaitTermination(first, Duration.ofMinutes(1))).isEqualTo("FINISHED");

            List<String> rest = new ArrayList<>(windows(WINDOWS / 2, WINDOWS));
            rest.add(json("model", "clock", "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
            rest.add(json("model", "clock", "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
            KafkaTestBroker.produceStrings(topics.predictions(), 2, rest);

            String resumed = cluster.runJar(jar, args(topics, topics.predictions(), "1.0", "savepoint-test"),
                    savepoint);
            awaitAggregates(topics.output(), MODELS.size() * WINDOWS, cluster);

            // The same savepoint, with a different Huber delta, into other output topics: it starts and runs.
            String upgraded = cluster.runJar(jar, args(upgradedTopics, topics.predictions(), "2.0", "upgrade-test"),
                    savepoint);
            awaitAggregates(upgradedTopics.output(), 1, cluster);
            cluster.cancel(resumed);
            cluster.cancel(upgraded);
        }

        List<JsonNode> output = values(topics.output());
        Map<String, Long> perWindow = output.stream().collect(Collectors.groupingBy(
                a -> a.get("model").asText() + "@" + a.get("window_start").asText(), Collectors.counting()));
        assertThat(perWindow).as("every (model, window) exactly once").hasSize(MODELS.size() * WINDOWS);
        assertThat(perWindow.values()).containsOnly(1L);
        assertThat(output).allSatisfy(a -> {
            assertThat(a.get("count").asLong()).as("count of %s", AggregateRecords.identity(a))
                    .isEqualTo(EVENTS_PER_WINDOW);
            assertThat(a.get("huber").asDouble()).as("delta 1: 1 * (2 - 0.5)").isEqualTo(1.5);
        });
        assertThat(values(upgradedTopics.output())).allSatisfy(a -> {
            assertThat(a.get("params").get("huber_delta").asDouble()).isEqualTo(2.0);
            assertThat(a.get("window_start").asText()).as("only windows still open at the savepoint, or later")
                    .isGreaterThanOrEqualTo("2026-11-28T10:04:00Z");
        });
    }

    private static List<String> args(Topics topics, String input, String huberDelta, String group) {
        return List.of("run", "--bootstrap-servers", KafkaTestBroker.bootstrapServers(),
                "--predictions-topic", input, "--output-topic", topics.output(),
                "--alerts-topic", topics.alerts(), "--dlq-topic", topics.deadLetters(),
                "--group-id", group + "-" + topics.output(), "--checkpoint-interval", "500ms", "--idleness", "0s",
                "--huber-delta", huberDelta, "--parallelism", "2");
    }

    private static List<JsonNode> values(String topic) {
        return AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value)
                .filter(a -> !a.get("model").asText().equals("clock")).toList();
    }

    private static List<String> windows(int from, int to) {
        List<String> events = new ArrayList<>();
        for (int w = from; w < to; w++) {
            for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                for (String model : MODELS) {
                    events.add(json("model", model, "ts", T0 + w * MINUTE + i * 1_000, "prediction", 1.0,
                            "label", 3.0));
                }
            }
        }
        return events;
    }

    private static void awaitAggregates(String topic, int count, StandaloneFlinkCluster cluster)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (values(topic).size() < count) {
            assertThat(System.nanoTime()).as("%d aggregates on %s within 3 min; cluster logs:%n%s", count, topic,
                    cluster.logs()).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}

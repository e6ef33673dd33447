package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.FailoverTraffic.MODELS;
import static io.lossmonitor.testing.FailoverTraffic.WINDOWS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.FailoverTraffic;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.StandaloneFlinkCluster;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stop with a savepoint mid-stream and start again from it: the output is what an uninterrupted run gives, each
 * (model, window) exactly once, the open window carried over in state. A run with a changed loss parameter (Huber
 * δ) starts from the same savepoint too, since every operator keeps its uid.
 */
class SavepointUpgradeIT {

    @Test
    void aJobStoppedWithASavepointResumesWithoutLosingOrRepeatingWindows() throws Exception {
        Topics topics = Topics.fresh(2);
        Topics upgradedTopics = Topics.fresh(2);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        KafkaTestBroker.produceStrings(topics.predictions(), 2, FailoverTraffic.windows(0, WINDOWS / 2));
        Path savepoints = Files.createTempDirectory("savepoints");

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(1, 4)) {
            String jar = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String first = cluster.runJar(jar, args(topics, topics.predictions(), "1.0", "savepoint-test"), null);
            cluster.awaitOutput(() -> FailoverTraffic.aggregates(bootstrap, topics.output()).size(),
                    MODELS.size() * (WINDOWS / 2 - 1));
            String savepoint = cluster.stopWithSavepoint(first, savepoints.toUri().toString());
            assertThat(cluster.awaitTermination(first, Duration.ofMinutes(1))).isEqualTo("FINISHED");

            KafkaTestBroker.produceStrings(topics.predictions(), 2, FailoverTraffic.secondHalf());
            String resumed = cluster.runJar(jar, args(topics, topics.predictions(), "1.0", "savepoint-test"),
                    savepoint);
            cluster.awaitOutput(() -> FailoverTraffic.aggregates(bootstrap, topics.output()).size(),
                    MODELS.size() * WINDOWS);

            // The same savepoint, with a different Huber delta, into other output topics: it starts and runs.
            String upgraded = cluster.runJar(jar, args(upgradedTopics, topics.predictions(), "2.0", "upgrade-test"),
                    savepoint);
            cluster.awaitOutput(() -> FailoverTraffic.aggregates(bootstrap, upgradedTopics.output()).size(), 1);
            cluster.cancel(resumed);
            cluster.cancel(upgraded);
        }

        List<JsonNode> output = FailoverTraffic.aggregates(bootstrap, topics.output());
        FailoverTraffic.assertEachWindowExactlyOnce(output);
        assertThat(output).filteredOn(a -> !a.get("model").asText().equals(FailoverTraffic.ENCODER))
                .allSatisfy(a -> assertThat(a.get("huber").asDouble()).as("delta 1: 1 * (2 - 0.5)").isEqualTo(1.5));
        assertThat(FailoverTraffic.aggregates(bootstrap, upgradedTopics.output())).allSatisfy(a -> {
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
}

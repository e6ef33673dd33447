package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.StandaloneFlinkCluster;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cluster job jar where users run it: submitted through the REST API of a standalone Flink cluster of separate
 * JobManager and TaskManager processes (no Kafka classes on the cluster's classpath), reading and writing a real
 * broker. This proves the jar's packaging: classloading, bundled connector, service files.
 */
class StandaloneClusterIT {

    @Test
    void theJobJarRunsOnAStandaloneClusterSubmittedThroughRest() throws Exception {
        Topics topics = Topics.fresh(2);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(json("model", "cluster", "ts", T0 + (i % 2) * MINUTE + i, "probability", i % 5 == 0 ? 0.8 : 0.3,
                    "label", 0));
        }
        records.add("{\"model\":\"cluster\",\"probability\":2}");
        KafkaTestBroker.produceStrings(topics.predictions(), 2, records);

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(1, 2)) {
            String jar = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String job = cluster.runJar(jar, List.of("run", "--bootstrap-servers", KafkaTestBroker.bootstrapServers(),
                    "--predictions-topic", topics.predictions(), "--output-topic", topics.output(),
                    "--alerts-topic", topics.alerts(), "--dlq-topic", topics.deadLetters(),
                    "--group-id", "cluster-" + UUID.randomUUID(),
                    "--checkpoint-interval", "500ms", "--parallelism", "2", "--bounded"));
            String state = cluster.awaitTermination(job, Duration.ofMinutes(3));
            assertThat(state).as("job state; cluster logs:%n%s", cluster.logs()).isEqualTo("FINISHED");
        }

        List<JsonNode> aggregates = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value).toList();
        assertThat(aggregates).extracting(a -> a.get("window_start").asText())
                .containsExactlyInAnyOrder("2026-11-28T10:00:00Z", "2026-11-28T10:01:00Z");
        // 50 events per window, every fifth at p = 0.8 with label 0: error rate 0.2.
        assertThat(aggregates).allSatisfy(a -> {
            assertThat(a.get("count").asLong()).isEqualTo(50);
            assertThat(a.get("error_rate").asDouble()).isEqualTo(0.2);
            assertThat(a.get("brier").asDouble()).isCloseTo((10 * 0.64 + 40 * 0.09) / 50, org.assertj.core.api.Assertions.within(1e-12));
        });
        assertThat(KafkaTestBroker.readAllValues(topics.deadLetters())).singleElement().asString()
                .contains("'probability' must be in [0, 1], got 2.0");
    }
}

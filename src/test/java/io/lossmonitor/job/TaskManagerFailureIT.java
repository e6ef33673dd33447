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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a standalone cluster with two TaskManager processes of one slot each, so the job at parallelism 2
 * runs on both; once committed output is flowing, one TaskManager is killed with SIGKILL and a replacement started
 * (as a process supervisor or Kubernetes would). After the restart the read_committed output holds each
 * (model, window) exactly once and the counts add up to the events produced.
 */
class TaskManagerFailureIT {

    private static final List<String> MODELS = List.of("alpha", "beta");
    private static final int EVENTS_PER_WINDOW = 10;
    private static final int WINDOWS = 10;

    @Test
    void aKilledTaskManagerNeitherLosesNorDuplicatesWindows() throws Exception {
        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, windows(0, WINDOWS / 2));

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(2, 1)) {
            String jar = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String job = cluster.runJar(jar, List.of("run", "--bootstrap-servers", KafkaTestBroker.bootstrapServers(),
                    "--predictions-topic", topics.predictions(), "--output-topic", topics.output(),
                    "--alerts-topic", topics.alerts(), "--dlq-topic", topics.deadLetters(),
                    "--group-id", "tm-failure-" + UUID.randomUUID(), "--checkpoint-interval", "500ms",
                    "--idleness", "0s", "--parallelism", "2"));
            try {
                awaitAggregates(topics.output(), MODELS.size() * (WINDOWS / 2 - 1), cluster);

                cluster.killTaskManager(0);
                cluster.startTaskManager();
                List<String> rest = new ArrayList<>(windows(WINDOWS / 2, WINDOWS));
                rest.add(json("model", "clock", "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
                rest.add(json("model", "clock", "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
                KafkaTestBroker.produceStrings(topics.predictions(), 2, rest);

                awaitAggregates(topics.output(), MODELS.size() * WINDOWS, cluster);
                Thread.sleep(3_000);
                JsonNode details = cluster.get("/jobs/" + job);
                assertThat(details.path("timestamps").path("RESTARTING").asLong())
                        .as("the job failed over; cluster logs:%n%s", cluster.logs()).isPositive();
            } finally {
                cluster.cancel(job);
            }
        }

        List<JsonNode> output = AggregateRecords.read(topics.output()).stream().map(AggregateRecords.Output::value)
                .filter(a -> !a.get("model").asText().equals("clock")).toList();
        Map<String, Long> perWindow = output.stream().collect(Collectors.groupingBy(
                a -> a.get("model").asText() + "@" + a.get("window_start").asText(), Collectors.counting()));
        assertThat(perWindow).as("every (model, window) exactly once").hasSize(MODELS.size() * WINDOWS);
        assertThat(perWindow.values()).containsOnly(1L);
        assertThat(output).allSatisfy(a -> assertThat(a.get("count").asLong()).isEqualTo(EVENTS_PER_WINDOW));
        assertThat(output.stream().mapToLong(a -> a.get("count").asLong()).sum())
                .isEqualTo((long) MODELS.size() * WINDOWS * EVENTS_PER_WINDOW);
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
        while (AggregateRecords.read(topic).stream().filter(o -> !o.model().equals("clock")).count() < count) {
            assertThat(System.nanoTime()).as("%d aggregates on %s within 3 min; cluster logs:%n%s", count, topic,
                    cluster.logs()).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}

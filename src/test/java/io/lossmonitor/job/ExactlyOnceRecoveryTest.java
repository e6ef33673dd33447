package io.lossmonitor.job;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager of the running job is killed after a checkpoint has committed output; after the restart from
 * that checkpoint the read_committed output holds every (model, window) exactly once, with the right counts.
 */
class ExactlyOnceRecoveryTest {

    /** One slot per TaskManager, so at parallelism 2 the job runs on both and losing either one fails it. */
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final List<String> MODELS = List.of("alpha", "beta");
    private static final int EVENTS_PER_WINDOW = 10;
    private static final int WINDOWS = 10;

    @Test
    void aKilledTaskManagerNeitherLosesNorDuplicatesWindows(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, windows(0, WINDOWS / 2));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, TestJobs.unbounded(topics, Duration.ZERO));
        JobClient job = env.executeAsync("exactly-once-recovery");
        try {
            // Windows 0-3 close while the first half is read; seeing them committed means a checkpoint completed.
            awaitAggregates(topics.output(), MODELS.size() * (WINDOWS / 2 - 1));

            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            List<String> rest = new ArrayList<>(windows(WINDOWS / 2, WINDOWS));
            // A later event on each partition closes the last window.
            rest.add(json("model", "clock", "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
            rest.add(json("model", "clock", "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
            KafkaTestBroker.produceStrings(topics.predictions(), 2, rest);

            awaitAggregates(topics.output(), MODELS.size() * WINDOWS);
            Thread.sleep(2_000);
            List<JsonNode> output = AggregateRecords.read(topics.output()).stream()
                    .map(AggregateRecords.Output::value).toList();

            assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job really failed and restarted").isPositive();
            Map<String, Long> perWindow = output.stream()
                    .collect(Collectors.groupingBy(a -> a.get("model").asText() + "@" + a.get("window_start").asText(),
                            Collectors.counting()));
            assertThat(perWindow).as("every (model, window) exactly once").hasSize(MODELS.size() * WINDOWS);
            assertThat(perWindow.values()).containsOnly(1L);
            assertThat(output).allSatisfy(a -> {
                assertThat(a.get("count").asLong()).as("count of %s", AggregateRecords.identity(a))
                        .isEqualTo(EVENTS_PER_WINDOW);
                assertThat(a.get("mse").asDouble()).isEqualTo(4.0);
            });
            assertThat(output.stream().mapToLong(a -> a.get("count").asLong()).sum())
                    .as("counts add up to the events produced").isEqualTo((long) MODELS.size() * WINDOWS * EVENTS_PER_WINDOW);
        } finally {
            job.cancel().get();
        }
    }

    /** Events of windows [from, to) for every model, in event-time order. */
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

    private static void awaitAggregates(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (AggregateRecords.read(topic).stream().filter(o -> !o.model().equals("clock")).count() < count) {
            assertThat(System.nanoTime()).as("%d aggregates on %s within 120 s", count, topic).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import io.lossmonitor.window.CountingEventTimeTrigger;
import io.lossmonitor.window.KeyLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code --max-keys}, the job keeps window state for that many keys; the input of every further key is
 * dead-lettered with the reason and counted, so records read still add up.
 */
class MaxKeysEndToEndTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(METRICS);

    private static final int MODELS = 12;
    private static final int EVENTS_PER_MODEL = 10;
    private static final long MAX_KEYS = 4;

    @Test
    void keysBeyondTheLimitAreDeadLetteredAndCounted() throws Exception {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_MODEL; i++) {
            for (int m = 0; m < MODELS; m++) {
                events.add(json("model", "model-" + m, "ts", T0 + i * 1_000L, "prediction", 1.0, "label", 2.0));
            }
        }
        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, events);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, new io.lossmonitor.pipeline.JobConfig(KafkaTestBroker.bootstrapServers(),
                topics.predictions(), null, topics.output(), topics.alerts(), topics.deadLetters(),
                Duration.ofMinutes(1), null, Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ofHours(1),
                JoinTime.LABEL, LossParameters.DEFAULTS, AlertSettings.DEFAULTS, Duration.ofMillis(200), null,
                DeliveryGuarantee.EXACTLY_ONCE, StartingOffsets.EARLIEST, true, "max-keys-" + UUID.randomUUID(),
                TestJobs.PARALLELISM, MAX_KEYS, Map.of(), TestJobs.MAX_CLOCK_SKEW, ComparisonSettings.NONE));
        JobExecutionResult result = env.execute("max-keys");

        List<JsonNode> aggregates = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value).toList();
        Set<String> monitored = aggregates.stream().map(a -> a.get("model").asText()).collect(Collectors.toSet());
        assertThat(monitored).as("each of the 2 subtasks admits its share, 2 keys").hasSize((int) MAX_KEYS);
        assertThat(aggregates).allSatisfy(a -> assertThat(a.get("count").asLong()).isEqualTo(EVENTS_PER_MODEL));

        List<JsonNode> deadLetters = KafkaTestBroker.readAll(topics.deadLetters()).stream()
                .map(r -> AggregateRecords.parse(r.value())).toList();
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.get("error").asText())
                .startsWith("key limit: the job keeps state for at most 4").contains("--max-keys 4"));
        long deadLetteredEvents = deadLetters.stream()
                .mapToLong(d -> {
                    JsonNode raw = AggregateRecords.parse(d.get("raw").asText().getBytes());
                    assertThat(monitored).doesNotContain(raw.get("model").asText());
                    return raw.has("events") ? raw.get("events").asLong() : 1;
                }).sum();
        long overLimit = (MODELS - MAX_KEYS) * EVENTS_PER_MODEL;
        assertThat(deadLetteredEvents).as("events of the keys over the limit").isEqualTo(overLimit);
        assertThat(TestJobs.counter(METRICS, result.getJobID(), KeyLimit.KEYS_REJECTED)).isEqualTo(overLimit);
        assertThat(TestJobs.counter(METRICS, result.getJobID(), DeadLetterRouter.RECORDS_READ))
                .as("read = aggregated + over the key limit")
                .isEqualTo(TestJobs.counter(METRICS, result.getJobID(), CountingEventTimeTrigger.EVENTS_AGGREGATED)
                        + overLimit);
    }
}

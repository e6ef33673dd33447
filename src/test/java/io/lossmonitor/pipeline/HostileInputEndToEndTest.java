package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.io.DeadLetterJson;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import io.lossmonitor.window.CountingEventTimeTrigger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile input corpus kept in {@code src/test/resources/hostile} (one Kafka record per file, the expected
 * reason of each in {@code reasons.tsv}), plus a tombstone, interleaved with good events through the real job:
 * every hostile record is dead-lettered with its specific reason, the job finishes, every good event is
 * aggregated, and the Flink counters account for every record read.
 */
class HostileInputEndToEndTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(METRICS);

    private static final String TOMBSTONE = "(tombstone)";

    @Test
    void everyHostileRecordIsDeadLetteredWithItsReasonAndEveryRecordIsAccountedFor() throws Exception {
        Path corpus = Path.of(HostileInputEndToEndTest.class.getResource("/hostile/reasons.tsv").toURI()).getParent();
        Map<String, String> reasons = new HashMap<>();
        for (String line : Files.readAllLines(corpus.resolve("reasons.tsv"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] parts = line.split("\t", 2);
                reasons.put(parts[0], parts[1]);
            }
        }
        reasons.put(TOMBSTONE, "tombstone");

        List<byte[]> records = new ArrayList<>();
        Map<Integer, String> hostileAt = new HashMap<>();
        List<String> names = new ArrayList<>(reasons.keySet());
        names.sort(null);
        for (String name : names) {
            records.add(json("model", "good", "ts", T0 + records.size(), "prediction", 1.0, "label", 3.0)
                    .getBytes(StandardCharsets.UTF_8));
            hostileAt.put(records.size(), name);
            records.add(name.equals(TOMBSTONE) ? null : Files.readAllBytes(corpus.resolve(name)));
        }
        int good = names.size();

        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produce(topics.predictions(), 2, records);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, TestJobs.bounded(topics));
        JobExecutionResult result = env.execute("hostile-input");

        List<JsonNode> deadLetters = KafkaTestBroker.readAll(topics.deadLetters()).stream()
                .map(r -> AggregateRecords.parse(r.value())).toList();
        assertThat(deadLetters).hasSize(names.size());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode d : deadLetters) {
            String name = hostileAt.get(d.get("offset").asInt() * 2 + d.get("partition").asInt());
            assertThat(name).as("dead letter %s is a hostile record", d.get("error")).isNotNull();
            byName.put(name, d);
        }
        for (String name : names) {
            assertThat(byName).as("dead letter of %s", name).containsKey(name);
            assertThat(byName.get(name).get("error").asText()).as("reason for %s", name).contains(reasons.get(name));
        }
        JsonNode oversized = byName.get("oversized-model-name.json");
        assertThat(oversized.get("raw_truncated").asBoolean()).isTrue();
        assertThat(oversized.get("raw_bytes").asLong()).isEqualTo(Files.size(corpus.resolve("oversized-model-name.json")));
        assertThat(oversized.get("raw").asText()).hasSize(DeadLetterJson.MAX_RAW_BYTES);

        List<JsonNode> aggregates = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value).toList();
        assertThat(aggregates).singleElement().satisfies(a -> {
            assertThat(a.get("model").asText()).isEqualTo("good");
            assertThat(a.get("count").asLong()).isEqualTo(good);
            assertThat(a.get("mse").asDouble()).isEqualTo(4.0);
        });

        long read = TestJobs.counter(METRICS, result.getJobID(), DeadLetterRouter.RECORDS_READ);
        long aggregated = TestJobs.counter(METRICS, result.getJobID(), CountingEventTimeTrigger.EVENTS_AGGREGATED);
        long deadLettered = TestJobs.counter(METRICS, result.getJobID(), DeadLetterRouter.DEAD_LETTERED, "malformed")
                + TestJobs.counter(METRICS, result.getJobID(), DeadLetterRouter.DEAD_LETTERED, "invalid");
        long late = TestJobs.counter(METRICS, result.getJobID(), LateEventDeadLetters.LATE_EVENTS);
        assertThat(read).isEqualTo(records.size());
        assertThat(read).as("records read = aggregated + dead-lettered + late (no labels topic: nothing expires)")
                .isEqualTo(aggregated + deadLettered + late);
        assertThat(deadLettered).isEqualTo(names.size());
    }
}

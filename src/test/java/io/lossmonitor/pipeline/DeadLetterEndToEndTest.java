package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import io.lossmonitor.window.CountingEventTimeTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input through the real job: every bad record reaches the dead-letter topic with its reason and coordinates,
 * every good one is aggregated, the job finishes normally, and the counters account for every record.
 */
class DeadLetterEndToEndTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(METRICS);

    /** A bad record and the words its dead letter must give as the reason. */
    private record Bad(byte[] value, String reason) {
        static Bad text(String value, String reason) {
            return new Bad(value.getBytes(StandardCharsets.UTF_8), reason);
        }
    }

    private static final List<Bad> BAD = List.of(
            new Bad(new byte[0], "empty record"),
            new Bad(null, "tombstone"),
            Bad.text("{\"model\":\"bad\",\"prediction\":", "malformed JSON"),
            Bad.text("[1,2,3]", "not a JSON object"),
            Bad.text("{\"model\":\"bad\"}", "no prediction"),
            Bad.text("{\"prediction\":1,\"label\":2}", "missing field 'model'"),
            Bad.text("{\"model\":\"bad\",\"probability\":1.5,\"label\":1}", "'probability' must be in [0, 1]"),
            Bad.text("{\"model\":\"bad\",\"probabilities\":[0.2,0.2],\"label\":0}", "must sum to 1"),
            Bad.text("{\"model\":\"bad\",\"probabilities\":{\"a\":0.5,\"b\":0.5},\"label\":\"c\"}",
                    "is not one of the classes [a, b]"),
            Bad.text("{\"model\":\"bad\",\"prediction\":1,\"weight\":-2}", "'weight' must be a finite number > 0"),
            Bad.text("{\"model\":\"bad\",\"prediction\":1e999,\"label\":1}", "'prediction' must be finite"),
            Bad.text("{\"model\":\"bad\",\"probability\":0.4,\"label\":\"yes\"}", "must be 0, 1, true or false"),
            Bad.text("{\"model\":\"bad\",\"prediction\":1,\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                    "nesting depth"),
            new Bad(new byte[] {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', (byte) 0xFF, '"', '}'}, "UTF-8"));

    private static final int GOOD_PER_WINDOW = 30;

    @Test
    void everyBadRecordIsDeadLetteredAndEveryGoodOneAggregated() throws Exception {
        List<byte[]> records = new ArrayList<>();
        Map<Integer, Bad> badByIndex = new java.util.HashMap<>();
        int good = 0;
        for (int i = 0; i < 2 * GOOD_PER_WINDOW; i++) {
            long ts = T0 + (i % 2) * MINUTE + i;
            records.add(json("model", "good", "ts", ts, "prediction", 0.0, "label", 1.0)
                    .getBytes(StandardCharsets.UTF_8));
            good++;
            if (i < BAD.size()) {
                badByIndex.put(records.size(), BAD.get(i));
                records.add(BAD.get(i).value());
            }
        }
        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produce(topics.predictions(), 2, records);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, TestJobs.bounded(topics));
        JobExecutionResult result = env.execute("dead-letters");

        List<JsonNode> deadLetters = KafkaTestBroker.readAll(topics.deadLetters()).stream()
                .map(r -> AggregateRecords.parse(r.value())).toList();
        assertThat(deadLetters).hasSize(BAD.size());
        for (JsonNode d : deadLetters) {
            // Records went round-robin to two fresh partitions, so (partition, offset) names the produced index.
            int index = d.get("offset").asInt() * 2 + d.get("partition").asInt();
            Bad expected = badByIndex.get(index);
            assertThat(expected).as("dead letter %s points at a bad record", d).isNotNull();
            assertThat(d.get("error").asText()).as("reason of record %s", index).contains(expected.reason());
            assertThat(d.get("source_topic").asText()).isEqualTo(topics.predictions());
            assertThat(d.get("kafka_timestamp").asLong()).isPositive();
            assertRawKept(d, expected.value());
        }

        List<JsonNode> aggregates = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value).toList();
        assertThat(aggregates).hasSize(2);
        assertThat(aggregates).allSatisfy(a -> {
            assertThat(a.get("model").asText()).isEqualTo("good");
            assertThat(a.get("count").asLong()).isEqualTo(GOOD_PER_WINDOW);
            assertThat(a.get("mse").asDouble()).isEqualTo(1.0);
        });

        JobID job = result.getJobID();
        long read = TestJobs.counter(METRICS, job, DeadLetterRouter.RECORDS_READ);
        long aggregated = TestJobs.counter(METRICS, job, CountingEventTimeTrigger.EVENTS_AGGREGATED);
        long malformed = TestJobs.counter(METRICS, job, DeadLetterRouter.DEAD_LETTERED, "malformed");
        long invalid = TestJobs.counter(METRICS, job, DeadLetterRouter.DEAD_LETTERED, "invalid");
        long late = TestJobs.counter(METRICS, job, LateEventDeadLetters.LATE_EVENTS);
        assertThat(read).as("records read").isEqualTo(records.size());
        assertThat(aggregated).as("events aggregated").isEqualTo(good);
        assertThat(malformed).as("malformed: empty, tombstone, truncated, array, nesting, UTF-8").isEqualTo(6);
        assertThat(malformed + invalid).as("dead-lettered").isEqualTo(BAD.size());
        assertThat(late).isZero();
        assertThat(read).as("read = aggregated + dead-lettered + late").isEqualTo(aggregated + malformed + invalid + late);
        assertThat(METRICS.findMetrics(job, "mse").entrySet())
                .as("per-model loss gauge for metric reporters")
                .filteredOn(e -> e.getKey().contains(".model.good.version.none.segment.none.mse"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(((org.apache.flink.metrics.Gauge<?>) e.getValue()).getValue()).isEqualTo(1.0));
    }

    @Test
    void eventsBeyondTheAllowedLatenessAreDeadLetteredAsLate() throws Exception {
        Topics topics = Topics.fresh(2);
        List<String> onTime = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            onTime.add(json("model", "late-check", "ts", T0 + i * 1000, "prediction", 1.0, "label", 2.0));
        }
        // Moves event time of both partitions ten minutes on, closing the first window.
        onTime.add(json("model", "late-check", "ts", T0 + 10 * MINUTE, "prediction", 1.0, "label", 2.0));
        onTime.add(json("model", "late-check", "ts", T0 + 10 * MINUTE, "prediction", 1.0, "label", 2.0));
        KafkaTestBroker.produceStrings(topics.predictions(), 2, onTime);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, TestJobs.unbounded(topics, Duration.ofSeconds(10)));
        JobClient job = env.executeAsync("late-events");
        try {
            List<JsonNode> first = awaitRecords(topics.output(), 1);
            assertThat(first.get(0).get("count").asLong()).isEqualTo(4);

            String lateEvent = json("model", "late-check", "id", "too-late", "ts", T0 + 5_000, "prediction", 1.0,
                    "label", 2.0);
            KafkaTestBroker.produceStrings(topics.predictions(), 1, List.of(lateEvent));
            List<JsonNode> deadLetters = awaitRecords(topics.deadLetters(), 1);
            JsonNode late = deadLetters.get(0);
            assertThat(late.get("error").asText()).isEqualTo("late");
            assertThat(late.get("partition").asInt()).isZero();
            assertThat(late.get("offset").asLong()).isEqualTo(3);
            JsonNode raw = AggregateRecords.parse(late.get("raw").asText().getBytes(StandardCharsets.UTF_8));
            assertThat(raw.get("id").asText()).isEqualTo("too-late");
            assertThat(raw.get("ts").asLong()).isEqualTo(T0 + 5_000);
            assertThat(TestJobs.counter(METRICS, job.getJobID(), LateEventDeadLetters.LATE_EVENTS)).isEqualTo(1);
            assertThat(AggregateRecords.read(topics.output())).as("the closed window is not updated").hasSize(1);
        } finally {
            job.cancel().get();
        }
    }

    private static void assertRawKept(JsonNode deadLetter, byte[] original) {
        if (original == null) {
            assertThat(deadLetter.get("raw").isNull()).as("a tombstone has no raw value").isTrue();
        } else if (deadLetter.has("raw_base64")) {
            assertThat(Base64.getDecoder().decode(deadLetter.get("raw_base64").asText())).isEqualTo(original);
        } else {
            assertThat(deadLetter.get("raw").asText()).isEqualTo(new String(original, StandardCharsets.UTF_8));
        }
    }

    private static List<JsonNode> awaitRecords(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<JsonNode> values = KafkaTestBroker.readAll(topic).stream()
                    .map(r -> AggregateRecords.parse(r.value())).toList();
            if (values.size() >= count) {
                return values;
            }
            assertThat(System.nanoTime()).as("%d records on %s within 60 s", count, topic).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

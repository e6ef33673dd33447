package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A live job on one partition keeps its event time when one producer's clock is wrong: an event ten years ahead,
 * or one whose time is in microseconds, is dead-lettered with the reason, and every normal event after it still
 * counts in its window instead of being late.
 */
class ClockGuardEndToEndTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(METRICS);

    private static final Duration TEN_YEARS = Duration.ofDays(3653);
    private static final int BEFORE = 300;
    private static final int AFTER = 900;
    private static final int LABELLED = 10;

    /** Half an hour behind the clock, at a whole minute: two whole windows lie between it and now. */
    private final long base = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES)
            .toEpochMilli();

    @Test
    void eventsAheadOfTheClockDoNotMakeTheEventsAfterThemLate() throws Exception {
        Topics topics = Topics.fresh(1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, liveConfig(topics, null));
        JobClient job = env.executeAsync("clock-guard");
        try {
            List<String> first = new ArrayList<>();
            for (int i = 0; i < BEFORE; i++) {
                first.add(event("model-a", base + i * 100L));
            }
            long tenYearsAhead = System.currentTimeMillis() + TEN_YEARS.toMillis();
            first.add(json("model", "model-a", "id", "broken-clock", "ts", tenYearsAhead, "prediction", 1.0,
                    "label", 2.0));
            first.add(json("model", "model-a", "id", "microseconds", "ts", (base + 30_000) * 1_000, "prediction", 1.0,
                    "label", 2.0));
            KafkaTestBroker.produceStrings(topics.predictions(), 1, first);
            // The bad events are read, and event time has had its chances to move, before the rest arrives.
            awaitCounter(job.getJobID(), DeadLetterRouter.RECORDS_READ, first.size());
            Thread.sleep(1_000);

            List<String> after = new ArrayList<>();
            for (int i = 0; i < AFTER; i++) {
                long ts = i < AFTER / 3 ? base + 30_000 + i * 100L : base + MINUTE + (i - AFTER / 3) * 100L;
                after.add(event("model-a", ts));
            }
            after.add(event("closer", base + 3 * MINUTE));
            KafkaTestBroker.produceStrings(topics.predictions(), 1, after);

            List<JsonNode> windows = awaitAggregates(topics.output(), "model-a", 2);
            assertThat(windows).extracting(a -> a.get("window_start").asText())
                    .containsExactly(Instant.ofEpochMilli(base).toString(),
                            Instant.ofEpochMilli(base + MINUTE).toString());
            assertThat(windows).as("every normal event counts in its window")
                    .allSatisfy(a -> assertThat(a.get("count").asLong()).isEqualTo(600));

            List<JsonNode> deadLetters = deadLetters(topics.deadLetters());
            assertThat(deadLetters).extracting(d -> raw(d).get("id").asText())
                    .as("only the two bad events are dead-lettered, none as late")
                    .containsExactly("broken-clock", "microseconds");
            assertThat(deadLetters.get(0).get("error").asText())
                    .startsWith("'ts' " + Instant.ofEpochMilli(tenYearsAhead))
                    .contains("days ahead of the job's clock", "--max-clock-skew 60 min");
            assertThat(deadLetters.get(1).get("error").asText())
                    .contains("looks like microseconds since the epoch (" + Instant.ofEpochMilli(base + 30_000) + ")",
                            "send milliseconds");

            JobID id = job.getJobID();
            long read = TestJobs.counter(METRICS, id, DeadLetterRouter.RECORDS_READ);
            long aggregated = TestJobs.counter(METRICS, id, CountingEventTimeTrigger.EVENTS_AGGREGATED);
            assertThat(TestJobs.counter(METRICS, id, DeadLetterRouter.FUTURE_EVENTS)).isEqualTo(2);
            assertThat(TestJobs.counter(METRICS, id, DeadLetterRouter.DEAD_LETTERED, "future")).isEqualTo(2);
            assertThat(TestJobs.counter(METRICS, id, LateEventDeadLetters.LATE_EVENTS)).isZero();
            assertThat(read).as("records read").isEqualTo(first.size() + after.size());
            assertThat(aggregated).as("events of the two closed windows").isEqualTo(2 * 600);
            assertThat(read).as("read = aggregated + ahead of the clock + the closer, whose window is still open")
                    .isEqualTo(aggregated + 2 + 1);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aLabelAheadOfTheClockIsDeadLetteredAndTheJoinGoesOn() throws Exception {
        Topics topics = Topics.fresh(1);
        String labels = KafkaTestBroker.freshTopic("labels", 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, liveConfig(topics, labels));
        JobClient job = env.executeAsync("clock-guard-labels");
        try {
            List<String> predictions = new ArrayList<>();
            for (int i = 0; i < LABELLED; i++) {
                predictions.add(json("model", "model-b", "id", "p-" + i, "ts", base + i * 1_000L, "prediction", 1.0));
            }
            predictions.add(json("model", "closer", "id", "closer", "ts", base + 3 * MINUTE, "prediction", 1.0));
            KafkaTestBroker.produceStrings(topics.predictions(), 1, predictions);
            awaitCounter(job.getJobID(), DeadLetterRouter.RECORDS_READ, predictions.size());

            long tenYearsAhead = System.currentTimeMillis() + TEN_YEARS.toMillis();
            KafkaTestBroker.produceStrings(labels, 1, List.of(json("id", "p-0", "label", 3.0, "ts", tenYearsAhead)));
            awaitCounter(job.getJobID(), DeadLetterRouter.RECORDS_READ, predictions.size() + 1);
            Thread.sleep(1_000);

            List<String> onTime = new ArrayList<>();
            for (int i = 0; i < LABELLED; i++) {
                onTime.add(json("id", "p-" + i, "label", 2.0, "ts", base + i * 1_000L + 500));
            }
            onTime.add(json("id", "closer", "label", 2.0, "ts", base + 3 * MINUTE + 500));
            KafkaTestBroker.produceStrings(labels, 1, onTime);

            JsonNode window = awaitAggregates(topics.output(), "model-b", 1).get(0);
            assertThat(window.get("window_start").asText()).isEqualTo(Instant.ofEpochMilli(base).toString());
            assertThat(window.get("count").asLong()).as("every prediction joined its on-time label")
                    .isEqualTo(LABELLED);
            assertThat(window.get("mse").asDouble()).as("all labels on time are 2.0, predictions 1.0")
                    .isEqualTo(1.0);

            List<JsonNode> deadLetters = deadLetters(topics.deadLetters());
            assertThat(deadLetters).as("only the label ahead of the clock").hasSize(1);
            assertThat(deadLetters.get(0).get("source_topic").asText()).isEqualTo(labels);
            assertThat(deadLetters.get(0).get("error").asText())
                    .startsWith("'ts' " + Instant.ofEpochMilli(tenYearsAhead)).contains("--max-clock-skew 60 min");
            assertThat(TestJobs.counter(METRICS, job.getJobID(), DeadLetterRouter.FUTURE_EVENTS)).isEqualTo(1);
        } finally {
            job.cancel().get();
        }
    }

    /** A live job as a user runs it by default, on one partition with one subtask. */
    private static JobConfig liveConfig(Topics topics, String labels) {
        return new JobConfig(KafkaTestBroker.bootstrapServers(), topics.predictions(), labels, topics.output(),
                topics.alerts(), topics.deadLetters(), Duration.ofMinutes(1), null, Duration.ofSeconds(5),
                Duration.ZERO, Duration.ZERO, Duration.ofHours(1), JoinTime.LABEL, LossParameters.DEFAULTS,
                AlertSettings.DEFAULTS, Duration.ofMillis(200), null, DeliveryGuarantee.EXACTLY_ONCE,
                StartingOffsets.EARLIEST, false, "clock-guard-" + UUID.randomUUID(), 1, null, Map.of(),
                TestJobs.MAX_CLOCK_SKEW, ComparisonSettings.NONE);
    }

    private static String event(String model, long ts) {
        return json("model", model, "ts", ts, "prediction", 1.0, "label", 2.0);
    }

    private static JsonNode raw(JsonNode deadLetter) {
        return AggregateRecords.parse(deadLetter.get("raw").asText().getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> deadLetters(String topic) {
        return KafkaTestBroker.readAll(topic).stream().map(r -> AggregateRecords.parse(r.value())).toList();
    }

    private static void awaitCounter(JobID job, String name, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (TestJobs.counter(METRICS, job, name) < atLeast) {
            assertThat(System.nanoTime()).as("%s reaches %d within 60 s", name, atLeast).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static List<JsonNode> awaitAggregates(String topic, String model, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<JsonNode> values = AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value)
                    .filter(a -> a.get("model").asText().equals(model)).toList();
            if (values.size() >= count) {
                return values;
            }
            assertThat(System.nanoTime()).as("%d windows of %s within 60 s", count, model).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

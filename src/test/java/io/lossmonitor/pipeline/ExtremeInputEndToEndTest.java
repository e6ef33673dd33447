package io.lossmonitor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lossmonitor.testing.ExtremeRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import io.lossmonitor.window.CountingEventTimeTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A generated hostile stream through the real job on a MiniCluster and an in-process broker: 2,000 records of every
 * task with every field at its extremes, interleaved with ordinary ones, and records that are not events at all. The
 * job finishes without a single restart (Flink's {@code numRestarts}), every record is aggregated or dead-lettered,
 * every aggregate is strict JSON, and no window with labelled events reports its loss as {@code null}.
 */
class ExtremeInputEndToEndTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(METRICS);

    private static final ObjectMapper STRICT = new ObjectMapper();
    /** The losses of each task, by the aggregate's {@code task}. */
    private static final Map<String, List<String>> LOSSES = Map.of("regression", List.of("mse", "mae", "huber"),
            "binary", List.of("cross_entropy", "brier"), "multiclass", List.of("cross_entropy", "brier"),
            "triplet", List.of("triplet_loss"), "pair", List.of("cosine_embedding_loss"),
            "ranking", List.of("ndcg_at_k", "mrr_at_k", "recall_at_k", "precision_at_k", "hit_rate_at_k", "map_at_k"));

    @Test
    void aGeneratedHostileStreamRunsWithoutARestartAndEveryRecordIsCountedOrDeadLettered() throws Exception {
        Random random = new Random(31);
        List<String> records = new ArrayList<>();
        List<String> extremes = ExtremeRecords.any().sampleStream().limit(2_000).collect(Collectors.toList());
        for (String extreme : extremes) {
            records.add(extreme);
            if (random.nextInt(10) == 0) {
                records.add(random.nextBoolean() ? "{\"model\":\"m\",\"prediction\":1e400,\"label\":0}" : "[1,");
            }
        }
        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, records);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, TestJobs.bounded(topics));
        JobExecutionResult result = env.execute("extreme-input");

        assertThat(METRICS.findMetrics(result.getJobID(), "numRestarts").values()).as("restarts of the job")
                .isNotEmpty().allSatisfy(g -> assertThat(((Gauge<?>) g).getValue()).isEqualTo(0L));
        long read = TestJobs.counter(METRICS, result.getJobID(), DeadLetterRouter.RECORDS_READ);
        long aggregated = TestJobs.counter(METRICS, result.getJobID(), CountingEventTimeTrigger.EVENTS_AGGREGATED);
        long deadLettered = 0;
        for (String reason : List.of("malformed", "invalid", "future", "internal")) {
            deadLettered += TestJobs.counter(METRICS, result.getJobID(), DeadLetterRouter.DEAD_LETTERED, reason);
        }
        long late = TestJobs.counter(METRICS, result.getJobID(), LateEventDeadLetters.LATE_EVENTS);
        assertThat(read).isEqualTo(records.size());
        assertThat(read).as("records read = aggregated + dead-lettered + late").isEqualTo(aggregated + deadLettered + late);
        assertThat(KafkaTestBroker.readAll(topics.deadLetters())).as("dead letters on the topic").hasSize((int) (deadLettered + late));
        assertThat(TestJobs.counter(METRICS, result.getJobID(), DeadLetterRouter.DEAD_LETTERED, "internal"))
                .as("no record met a defect").isZero();

        List<JsonNode> aggregates = new ArrayList<>();
        for (var r : KafkaTestBroker.readAll(topics.output())) {
            aggregates.add(STRICT.readTree(r.value()));
        }
        assertThat(aggregates).as("a window per task").hasSizeGreaterThanOrEqualTo(9);
        for (JsonNode a : aggregates) {
            List<JsonNode> numbers = new ArrayList<>();
            collect(a, numbers);
            assertThat(numbers).as("numbers of %s", a.get("model")).allSatisfy(n ->
                    assertThat(Double.isFinite(n.asDouble())).as(n.toString()).isTrue());
            if (a.get("count").asLong() > 0) {
                for (String loss : LOSSES.get(a.get("task").asText())) {
                    assertThat(a.get(loss).isNull()).as("%s of %s (%s labelled events)", loss, a.get("model"),
                            a.get("count")).isFalse();
                }
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> numbers) {
        if (node.isNumber()) {
            numbers.add(node);
        }
        node.elements().forEachRemaining(child -> collect(child, numbers));
    }
}

package io.lossmonitor.join;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.StateBackends;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Predictions and labels on separate topics give the same losses as the same events with inline labels, on the heap
 * and on RocksDB; the predictions that never get a label are counted as expired and do not enter the losses.
 */
class LabelJoinEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final String[] CLASSES = {"cat", "dog", "bird"};
    private static final long LABEL_DELAY = 500;
    private static final int PER_WINDOW = 40;
    private static final int NEVER_LABELLED = 5;
    private static final String[] COMPARED = {"count", "weight_sum", "error_rate", "cross_entropy", "focal_loss",
            "brier", "predictions", "entropy", "confidence", "label_coverage"};

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void joinedLabelsGiveTheSameLossesAsInlineLabels(StateBackends backend) throws Exception {
        Random random = new Random(5);
        List<String> inline = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int id = 0;
        for (int w = 0; w < 2; w++) {
            for (int i = 0; i < PER_WINDOW; i++) {
                long ts = T0 + w * MINUTE + i * 1_000L;
                double p = random.nextDouble();
                int y = random.nextDouble() < p ? 1 : 0;
                String pid = "b-" + id++;
                inline.add(json("model", "joined-binary", "id", pid, "ts", ts, "probability", p, "label", y));
                predictions.add(json("model", "joined-binary", "id", pid, "ts", ts, "probability", p));
                labels.add(json("id", pid, "label", y == 1, "ts", ts + LABEL_DELAY));

                double[] z = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
                Map<String, Double> logits = Map.of(CLASSES[0], z[0], CLASSES[1], z[1], CLASSES[2], z[2]);
                String truth = CLASSES[random.nextInt(3)];
                String mid = "m-" + id++;
                inline.add(json("model", "joined-multi", "id", mid, "ts", ts, "logits", logits, "label", truth));
                predictions.add(json("model", "joined-multi", "id", mid, "ts", ts, "logits", logits));
                labels.add(json("id", mid, "label", truth, "ts", ts + LABEL_DELAY));
            }
        }
        for (int i = 0; i < NEVER_LABELLED; i++) {
            String never = json("model", "joined-binary", "id", "never-" + i, "ts", T0 + i, "probability", 0.5);
            inline.add(never);
            predictions.add(never);
        }
        labels.add("{\"id\":\"b-0\",\"label\":1,\"ts\":" + (T0 + 900) + "}");
        labels.add("{\"label\":1}");

        Topics inlineTopics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(inlineTopics.predictions(), 2, inline);
        LossMonitorJob.run(TestJobs.bounded(inlineTopics));

        Topics joinedTopics = Topics.fresh(2);
        String labelsTopic = KafkaTestBroker.freshTopic("labels", 2);
        KafkaTestBroker.produceStrings(joinedTopics.predictions(), 2, predictions);
        KafkaTestBroker.produceStrings(labelsTopic, 2, labels);
        LossMonitorJob.run(TestJobs.boundedWithLabels(joinedTopics, labelsTopic, Duration.ofMinutes(2),
                JoinTime.LABEL), backend.configuration());

        Map<String, JsonNode> expected = byKey(inlineTopics.output());
        Map<String, JsonNode> actual = byKey(joinedTopics.output());
        assertThat(expected).hasSize(4);
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            JsonNode joined = actual.get(e.getKey());
            assertThat(joined).as("aggregate %s with joined labels", e.getKey()).isNotNull();
            for (String field : COMPARED) {
                assertThat(joined.get(field).asDouble()).as("%s of %s", field, e.getKey())
                        .isCloseTo(e.getValue().get(field).asDouble(), within(1e-12));
            }
            assertThat(joined.get("label_delay_ms_p50").asDouble()).isEqualTo(LABEL_DELAY);
            assertThat(e.getValue().get("label_delay_ms_p50").isNull()).isTrue();
        }
        long expired = actual.values().stream().mapToLong(a -> a.get("expired").asLong()).sum();
        assertThat(expired).as("never-labelled predictions").isEqualTo(NEVER_LABELLED);
        assertThat(actual.values()).filteredOn(a -> a.get("expired").asLong() > 0)
                .allSatisfy(a -> assertThat(a.get("window_start").asText()).isEqualTo("2026-11-28T10:02:00Z"));

        List<String> deadLetters = KafkaTestBroker.readAllValues(joinedTopics.deadLetters());
        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters).anySatisfy(d -> assertThat(d).contains("duplicate label for id 'b-0'"));
        assertThat(deadLetters).anySatisfy(d -> assertThat(d).contains("missing field 'id'"));
    }

    private static Map<String, JsonNode> byKey(String topic) {
        return AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value)
                .collect(Collectors.toMap(a -> a.get("model").asText() + "@" + a.get("window_start").asText(),
                        a -> a));
    }
}

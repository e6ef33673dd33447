package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lossmonitor.cli.RunOptions;
import io.lossmonitor.local.SyntheticTraffic;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job's every output, field by field, for one recorded input: twelve minutes of the generated traffic of five
 * models (half of it labelled inline, half through the labels topic), a champion/challenger comparison, a rules
 * file, and hostile records. The expected output under {@code src/test/resources/recorded-output/} was written by
 * this test (with {@code -Drecorded-output.write=true}) before a change that must not change behaviour; the test
 * then holds the change to it. One partition and one subtask, so that no ordering changes a floating-point sum.
 */
class RecordedOutputTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final Path EXPECTED = Path.of("src/test/resources/recorded-output");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TICK = 500;
    private static final int TICKS = (int) (12 * MINUTE / TICK);
    private static final long LABEL_DELAY = 20_000;
    private static final List<String> HOSTILE = List.of("truncated.json", "top-level-array.json", "nan.json",
            "probabilities-not-summing.json", "unknown-class.json", "invalid-utf8.bin");
    private static final String RULES = """
            rules:
              - name: fraud-error-rate
                metric: error_rate
                comparison: ">"
                value: 0.25
                model: fraud-detector
              - name: price-mse-shift
                metric: mse
                detector: page-hinkley
                delta: 5
                lambda: 200
            """;

    @Test
    void theJobWritesTheRecordedOutputForTheRecordedInput(@TempDir Path dir) throws Exception {
        // Dead letters name their input topic: the input topics' names are part of the recording.
        String predictionsTopic = "recorded-predictions";
        String labels = "recorded-labels";
        KafkaTestBroker.createTopic(predictionsTopic, 1);
        KafkaTestBroker.createTopic(labels, 1);
        Topics fresh = Topics.fresh(1);
        Topics topics = new Topics(predictionsTopic, fresh.output(), fresh.alerts(), fresh.deadLetters());
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        List<byte[]> predictions = new ArrayList<>();
        List<byte[]> labelRecords = new ArrayList<>();
        SyntheticTraffic traffic = new SyntheticTraffic(2026, 6 * MINUTE);
        for (int tick = 0; tick < TICKS; tick++) {
            long ts = T0 + tick * TICK;
            for (SyntheticTraffic.Generated g : traffic.generate(ts)) {
                if (tick % 2 == 0) {
                    predictions.add(bytes(g.withLabel()));
                } else {
                    predictions.add(bytes(g.withoutLabel()));
                    if (g.sendsLabel()) {
                        labelRecords.add(bytes(g.labelEvent(ts + LABEL_DELAY)));
                    }
                }
            }
            if (tick % 240 == 120) {
                predictions.add(hostile(HOSTILE.get(tick / 240)));
            }
        }
        KafkaTestBroker.produceAt(topics.predictions(), T0, predictions);
        KafkaTestBroker.produceAt(labels, T0, labelRecords);
        Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);

        RunOptions options = new RunOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--bootstrap-servers",
                KafkaTestBroker.bootstrapServers(),
                "--predictions-topic", topics.predictions(), "--labels-topic", labels,
                "--output-topic", topics.output(), "--alerts-topic", topics.alerts(),
                "--dlq-topic", topics.deadLetters(), "--comparisons-topic", comparisons,
                "--compare", SyntheticTraffic.CALIBRATED + ":" + SyntheticTraffic.OVERCONFIDENT,
                "--alert-rules", rules.toString(), "--bounded", "--parallelism", "1",
                "--out-of-orderness", "1h", "--checkpoint-interval", "200ms",
                "--group-id", "recorded-" + UUID.randomUUID());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, options.toConfig());
        env.execute("recorded output");

        Map<String, List<String>> actual = new LinkedHashMap<>();
        actual.put("aggregates", sortedValues(topics.output()));
        actual.put("alerts", sortedValues(topics.alerts()));
        actual.put("dead-letters", sortedValues(topics.deadLetters()));
        actual.put("comparisons", sortedValues(comparisons));
        if (Boolean.getBoolean("recorded-output.write")) {
            Files.createDirectories(EXPECTED);
            for (Map.Entry<String, List<String>> e : actual.entrySet()) {
                Files.write(EXPECTED.resolve(e.getKey() + ".jsonl"), e.getValue());
            }
        }
        for (Map.Entry<String, List<String>> e : actual.entrySet()) {
            List<String> expected = Files.readAllLines(EXPECTED.resolve(e.getKey() + ".jsonl"));
            assertThat(expected).as("recorded %s", e.getKey()).isNotEmpty();
            assertThat(e.getValue()).as("%s: records", e.getKey()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSame(JSON.readTree(expected.get(i)), JSON.readTree(e.getValue().get(i)),
                        e.getKey() + " record " + i + ": " + expected.get(i));
            }
        }
    }

    /**
     * The same fields with the same text, and numbers equal to within 1e-12 of their size: the last bits of a sum
     * depend on the order its terms arrived in, which the label join's two inputs leave to the timing of each run.
     */
    private static void assertSame(JsonNode expected, JsonNode actual, String where) {
        if (expected.isNumber() && actual.isNumber()) {
            double e = expected.asDouble();
            assertThat(actual.asDouble()).as(where).isCloseTo(e, within(1e-12 * Math.max(1, Math.abs(e))));
            return;
        }
        assertThat(actual.getNodeType()).as(where).isEqualTo(expected.getNodeType());
        if (expected.isContainerNode()) {
            assertThat(actual.size()).as(where).isEqualTo(expected.size());
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    assertSame(expected.get(i), actual.get(i), where + " [" + i + "]");
                }
            } else {
                assertThat(actual.fieldNames()).toIterable().as(where + " field names")
                        .containsExactlyElementsOf(() -> expected.fieldNames());
                expected.fieldNames().forEachRemaining(
                        name -> assertSame(expected.get(name), actual.get(name), where + " ." + name));
            }
            return;
        }
        assertThat(actual).as(where).isEqualTo(expected);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hostile(String name) throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/hostile").resolve(name));
    }

    private static List<String> sortedValues(String topic) {
        try (Stream<String> values = KafkaTestBroker.readAllValues(topic).stream()) {
            return values.sorted().toList();
        }
    }
}

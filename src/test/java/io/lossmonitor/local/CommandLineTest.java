package io.lossmonitor.local;

import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code loss-monitor} command line: a bounded {@code run}, and exit code 2 with a clear message for bad options. */
class CommandLineTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    /** What a command printed and returned. */
    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LossMonitorCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(new String[] {}, "a command is required"),
                Arguments.of(new String[] {"run"}, "Missing required option: '--bootstrap-servers"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--window", "5x"},
                        "'5x' is not a duration"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--window", "1m", "--slide", "2m"},
                        "--slide 120000ms must not exceed --window 60000ms"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--window", "0s"},
                        "--window must be a positive duration"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--delivery", "twice"},
                        "'twice' is not a delivery guarantee"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--huber-delta", "-1"},
                        "huber delta must be a finite number > 0"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--epsilon", "0.7"},
                        "epsilon must be in (0, 0.5)"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--starting-offsets", "middle"},
                        "--starting-offsets"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--kafka-property", "novalue"},
                        "should be in KEY=VALUE format"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--join-time", "sometimes"},
                        "--join-time"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--label-ttl", "0s"},
                        "--label-ttl must be a positive duration"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--alert-rules", "/no/such/rules.yaml"},
                        "alert rules file /no/such/rules.yaml"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--max-keys", "0"},
                        "--max-keys must be at least 1"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--key-ttl", "0d"},
                        "--key-ttl must be a positive duration"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--window", "2h", "--key-ttl", "1h"},
                        "--key-ttl 3600000ms must be at least the time between two windows of a key (7200000ms)"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--max-clock-skew", "-1h"},
                        "Invalid value for option '--max-clock-skew': '-1h' is not a duration"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--triplet-distance", "manhattan"},
                        "--triplet-distance must be euclidean, squared or cosine, got 'manhattan'"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--triplet-margin", "-1"},
                        "--triplet-margin must be a finite number >= 0, got -1.0"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--pair-threshold", "1.5"},
                        "--pair-threshold must be in [-1, 1], got 1.5"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--max-dimensions", "0"},
                        "--max-dimensions must be at least 1, got 0"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--ranking-k", "0"},
                        "--ranking-k must be at least 1, got 0"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--max-list-length", "-5"},
                        "--max-list-length must be at least 1, got -5"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--ranking-k", "ten"},
                        "Invalid value for option '--ranking-k'"),
                Arguments.of(new String[] {"run", "--bootstrap-servers", "k:9092", "--no-such-option"},
                        "Unknown option: '--no-such-option'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badOptions")
    void badOptionsExitTwoWithAClearMessageAndNoStackTrace(String[] args, String message) {
        Outcome outcome = execute(args);
        assertThat(outcome.exitCode()).as("exit code; stderr: %s", outcome.err()).isEqualTo(2);
        assertThat(outcome.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void boundedRunReadsTheTopicWritesOneAggregatePerWindowAndExitsZero() {
        Topics topics = Topics.fresh(2);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(json("model", "cli", "ts", T0 + i * 3_000L, "probability", i % 4 == 0 ? 0.9 : 0.2,
                    "label", i % 2));
        }
        events.add("not json");
        KafkaTestBroker.produceStrings(topics.predictions(), 2, events);

        Outcome outcome = execute("run", "--bootstrap-servers", KafkaTestBroker.bootstrapServers(),
                "--predictions-topic", topics.predictions(), "--output-topic", topics.output(),
                "--alerts-topic", topics.alerts(), "--dlq-topic", topics.deadLetters(),
                "--group-id", "cli-" + UUID.randomUUID(),
                "--window", "1m", "--checkpoint-interval", "200ms", "--parallelism", "2", "--bounded");

        assertThat(outcome.exitCode()).as("exit code; stderr: %s", outcome.err()).isZero();
        List<JsonNode> aggregates = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value).toList();
        assertThat(aggregates).extracting(a -> a.get("window_start").asText())
                .containsExactlyInAnyOrder("2026-11-28T10:00:00Z", "2026-11-28T10:01:00Z");
        assertThat(aggregates).extracting(a -> a.get("count").asLong()).containsOnly(20L);
        // Per window: 5 events at p=0.9 with label 0 (wrong), 5 at p=0.2 label 0 and 10 at p=0.2 label 1 (wrong).
        assertThat(aggregates).allSatisfy(a -> assertThat(a.get("error_rate").asDouble()).isEqualTo(0.75));
        assertThat(KafkaTestBroker.readAllValues(topics.deadLetters())).hasSize(1)
                .allSatisfy(d -> assertThat(d).contains("malformed JSON"));
    }
}

package io.lossmonitor.cli;

import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.FreePort;
import io.lossmonitor.testing.KafkaBrokerProcess;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The self-contained jar's {@code run} as a user starts it, a process of its own: what is wrong with the Kafka cluster
 * is refused up front in one line with a documented exit code, and a bounded replay prints its banner, progress up
 * to 100 % and a summary that adds up.
 */
class RunCommandIT {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** What the process printed and returned, and how long it took. */
    private record Outcome(int exitCode, String out, String err, Duration took) {
        String describe() {
            return "exit " + exitCode + " after " + took + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @Test
    void anUnreachableBrokerExitsThreeWithinTheConnectTimeoutNamingIt() throws Exception {
        String nobody = "localhost:" + FreePort.next();

        Outcome outcome = run("--bootstrap-servers", nobody);

        assertThat(outcome.exitCode()).as(outcome.describe()).isEqualTo(PreFlightFailure.BROKERS_UNREACHABLE);
        assertThat(outcome.took()).as("the connect timeout is %s", CONNECT_TIMEOUT)
                .isLessThan(CONNECT_TIMEOUT.plusSeconds(20));
        assertThat(outcome.err()).as(outcome.describe())
                .contains("cannot reach Kafka at " + nobody + " within 5s (--connect-timeout)");
        assertOneLineWithoutStackTrace(outcome);
    }

    @Test
    void aMissingInputTopicExitsFourNamingIt() throws Exception {
        Topics topics = Topics.fresh(1);
        String missing = "no-such-predictions-" + UUID.randomUUID();

        Outcome outcome = run("--bootstrap-servers", KafkaTestBroker.bootstrapServers(), "--predictions-topic", missing,
                "--output-topic", topics.output(), "--alerts-topic", topics.alerts(), "--dlq-topic",
                topics.deadLetters());

        assertThat(outcome.exitCode()).as(outcome.describe()).isEqualTo(PreFlightFailure.TOPIC_MISSING);
        assertThat(outcome.err()).as(outcome.describe()).contains("input topic '" + missing + "' does not exist on "
                + KafkaTestBroker.bootstrapServers()).contains("--predictions-topic");
        assertOneLineWithoutStackTrace(outcome);
    }

    @Test
    void aMissingOutputTopicExitsFourAndNamesCreateTopics() throws Exception {
        Topics topics = Topics.fresh(1);
        String missing = "no-such-output-" + UUID.randomUUID();

        Outcome outcome = run("--bootstrap-servers", KafkaTestBroker.bootstrapServers(), "--predictions-topic",
                topics.predictions(), "--output-topic", missing, "--alerts-topic", topics.alerts(), "--dlq-topic",
                topics.deadLetters());

        assertThat(outcome.exitCode()).as(outcome.describe()).isEqualTo(PreFlightFailure.TOPIC_MISSING);
        assertThat(outcome.err()).as(outcome.describe()).contains("output topic '" + missing + "' does not exist")
                .contains("--create-topics");
        assertOneLineWithoutStackTrace(outcome);
    }

    @Test
    void aBoundedReplayShowsItsBannerProgressToTheEndAndASummaryThatAddsUp() throws Exception {
        Topics topics = Topics.fresh(2);
        String created = "model-loss-" + UUID.randomUUID();
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 2_340; i++) {
            records.add(json("model", "replay", "ts", T0 + i * 50L, "probability", (i % 10) / 10.0, "label", i % 2));
        }
        for (int i = 0; i < 5; i++) {
            records.add("not json " + i);
        }
        KafkaTestBroker.produceStrings(topics.predictions(), 2, records);

        Outcome outcome = run("--bootstrap-servers", KafkaTestBroker.bootstrapServers(), "--predictions-topic",
                topics.predictions(), "--output-topic", created, "--alerts-topic", topics.alerts(), "--dlq-topic",
                topics.deadLetters(), "--create-topics", "--group-id", "replay-" + UUID.randomUUID(),
                "--checkpoint-interval", "500ms", "--parallelism", "2", "--status-interval", "1s", "--bounded");

        assertThat(outcome.exitCode()).as(outcome.describe()).isZero();
        assertThat(outcome.out()).as(outcome.describe())
                .contains("created output topic '" + created + "'")
                .contains("Loss Monitor ")
                .contains("reads        " + topics.predictions() + ", from earliest offsets, bounded: 2,345 records")
                .contains("delivery     exactly-once, committed every 500ms")
                .contains("read 2,345 of 2,345 (100.0 %");
        String summary = outcome.out().lines().filter(l -> l.startsWith("Done in ")).findFirst().orElse("");
        // 2,340 events over 117 s of event time: the windows of minute 0 (1,200 events) and minute 1 (1,140).
        assertThat(summary).as(outcome.describe())
                .contains("read 2,345 records · aggregated 2,340 · dead letters 5 (malformed 5) · late 0 · windows 2");
        assertThat(AggregateRecords.read(created)).as("the aggregates on the created topic").hasSize(2);
        assertThat(outcome.err()).as("nothing on stderr for a healthy replay: %s", outcome.describe()).isBlank();
    }

    @Test
    void aBrokerWhoseTransactionMaximumIsBelowTheProducersTimeoutIsRefusedUpFront() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(List.of("transaction.max.timeout.ms=60000"))) {
            KafkaTestBroker.produceStrings(broker.bootstrapServers(), "predictions", 1,
                    List.of(json("model", "m", "prediction", 1.0, "label", 1.0)));

            Outcome outcome = run("--bootstrap-servers", broker.bootstrapServers(), "--create-topics");

            assertThat(outcome.exitCode()).as(outcome.describe()).isEqualTo(PreFlightFailure.BROKER_SETTING);
            assertThat(outcome.err()).as(outcome.describe())
                    .contains("the brokers' transaction.max.timeout.ms is 60000 ms, below the exactly-once producers' "
                            + "transaction.timeout.ms of 600000 ms")
                    .contains("--kafka-property transaction.timeout.ms=60000");
            assertOneLineWithoutStackTrace(outcome);
        }
    }

    @Test
    void aLostBrokerIsOneWarningLineItsReturnAnotherAndAStopEndsWithTheSummary() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            KafkaTestBroker.produceStrings(broker.bootstrapServers(), "predictions", 1,
                    List.of(json("model", "m", "ts", T0, "prediction", 1.0, "label", 1.0)));
            Path dir = Files.createTempDirectory("run-command");
            Process process = start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--create-topics",
                    "--status-interval", "1s", "--checkpoint-interval", "1s");
            try {
                awaitOutput(dir, "read 1 (", Duration.ofSeconds(60));
                broker.kill();
                awaitOutput(dir, "WARN lost Kafka at " + broker.bootstrapServers(), Duration.ofSeconds(30));
                Thread.sleep(3_000);
                broker.startAgain();
                awaitOutput(dir, "Kafka at " + broker.bootstrapServers() + " is back", Duration.ofSeconds(60));
                Thread.sleep(2_000);
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
            String out = Files.readString(dir.resolve("out"));
            String err = Files.readString(dir.resolve("err"));
            assertThat(out.lines().filter(l -> l.contains("WARN lost Kafka at"))).as(out).hasSize(1);
            assertThat(out.lines().filter(l -> l.contains(" is back"))).as(out).hasSize(1);
            assertThat(out).as("the summary when stopped").contains("Stopped after ").contains("read 1 record ·");
            assertThat(err).as("no stack trace on the console during the outage").doesNotContain("\tat ");
        }
    }

    @Test
    void aFailureIsNamedWithItsCauseAtEachRestartAndTheRunGivesUpWithExitOneAndTheSummary() throws Exception {
        Topics topics = Topics.fresh(2);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(json("model", "fine", "ts", T0 + i * 50L, "prediction", 1.0, "label", 2.0));
        }
        records.add(json("model", "boom", "ts", T0 + 20_000L, "prediction", 1.0, "label", 2.0));
        KafkaTestBroker.produceStrings(topics.predictions(), 2, records);

        Outcome outcome = run(List.of("-Dloss-monitor.fail-on-model=boom"), "--bootstrap-servers",
                KafkaTestBroker.bootstrapServers(), "--predictions-topic", topics.predictions(), "--output-topic",
                topics.output(), "--alerts-topic", topics.alerts(), "--dlq-topic", topics.deadLetters(),
                "--group-id", "failing-" + UUID.randomUUID(), "--checkpoint-interval", "500ms", "--parallelism", "2",
                "--status-interval", "1s", "--max-restarts", "2", "--bounded");

        String cause = "java.lang.IllegalStateException: injected failure on an event of model 'boom'";
        assertThat(outcome.exitCode()).as(outcome.describe()).isEqualTo(1);
        assertThat(outcome.out().lines().filter(l -> l.contains(" restarting ("))).as(outcome.describe())
                .hasSize(2).allSatisfy(l -> assertThat(l).endsWith(cause))
                .anySatisfy(l -> assertThat(l).contains(" restarting (1): "))
                .anySatisfy(l -> assertThat(l).contains(" restarting (2): "));
        assertThat(outcome.out()).as(outcome.describe()).contains("Failed in ")
                .contains("read 401 records · ")
                .contains("(after 2 restarts: counts other than records read since the last one)");
        assertThat(outcome.out().lines().filter(l -> l.contains(" read ")))
                .as("records read again after a restart are not counted again: %s", outcome.describe())
                .isNotEmpty().allSatisfy(l -> assertThat(l).matches(".* read [0-9]{1,3} .*"));
        assertThat(outcome.err().strip()).as(outcome.describe()).isEqualTo("loss-monitor: the job failed: " + cause);
    }

    private static void awaitOutput(Path dir, String text, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!Files.readString(dir.resolve("out")).contains(text)) {
            assertThat(System.nanoTime()).as("'%s' printed within %s; stdout:%n%s", text, patience,
                    Files.readString(dir.resolve("out"))).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static void assertOneLineWithoutStackTrace(Outcome outcome) {
        assertThat(outcome.err().strip().lines().toList()).as(outcome.describe()).hasSize(1)
                .allSatisfy(line -> assertThat(line).startsWith("loss-monitor: ").doesNotContain("Exception"));
    }

    private static Outcome run(String... args) throws Exception {
        return run(List.of(), args);
    }

    private static Outcome run(List<String> jvmOptions, String... args) throws Exception {
        Path dir = Files.createTempDirectory("run-command");
        long start = System.nanoTime();
        Process process = start(dir, jvmOptions, args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Outcome(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8), took);
    }

    /** Starts {@code run} with the args, its output and errors going to files {@code out} and {@code err} in dir. */
    private static Process start(Path dir, String... args) throws Exception {
        return start(dir, List.of(), args);
    }

    private static Process start(Path dir, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("cli.jar"), "run", "--connect-timeout",
                DurationConverter.format(CONNECT_TIMEOUT)));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
    }
}

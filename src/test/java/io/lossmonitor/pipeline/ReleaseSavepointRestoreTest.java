package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.cli.RunOptions;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.testing.SavepointScenario;
import io.lossmonitor.testing.StateBackends;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The current job started from the savepoints every earlier release committed under
 * {@code src/test/resources/savepoints/<release>/} (see {@link SavepointScenario}): the state each one holds is
 * still there and still means what it meant, shown by output that only the restored state can explain.
 */
class ReleaseSavepointRestoreTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** Longer than any committed savepoint can be old: 100 years. */
    private static final String LABEL_TTL_BEYOND_SAVEPOINT_AGE = "36500d";
    /** Topics already filled in this JVM: two tests restore the same scenario, and its topics hold one replay. */
    private static final Set<String> FILLED = new HashSet<>();

    static Stream<String> releases() throws IOException, URISyntaxException {
        Path root = Path.of(ReleaseSavepointRestoreTest.class.getResource("/savepoints").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "savepoints of {0}")
    @MethodSource("releases")
    void theOpenWindowCompletesAndOnlyTheRestoredBaselineExplainsTheAlert(String release, @TempDir Path dir)
            throws Exception {
        SavepointScenario scenario = SavepointScenario.ALERTS_AND_PANES;
        Topics topics = restore(release, scenario, rulesFile(dir, SavepointScenario.RULES));
        List<JsonNode> aggregates = awaitRecords(topics.output(), 8);
        List<JsonNode> alerts = awaitRecords(topics.alerts(), 5);

        JsonNode window8 = only(aggregates, "fraud", 8);
        Window fraud8 = Window.of(scenario, "fraud", 8);
        assertThat(window8.get("count").asLong()).as("the half read before the savepoint and the half after")
                .isEqualTo(SavepointScenario.FRAUD_PER_WINDOW);
        assertThat(window8.get("cross_entropy").asDouble()).isCloseTo(fraud8.crossEntropy(), within(1e-12));
        if (release.equals("0.1")) {
            assertThat(List.of("ece", "roc_auc", "cross_entropy_p50", "precision"))
                    .as("metrics 0.1 did not keep, null in the window it had half read")
                    .allSatisfy(m -> assertThat(window8.get(m).isNull()).isTrue());
            assertThat(only(aggregates, "fraud", 9).get("ece").isNumber()).as("and there from the next window")
                    .isTrue();
        }
        assertThat(describe(alerts)).containsExactlyInAnyOrder(
                "fraud baseline cross_entropy firing at 9", "fraud baseline error_rate firing at 9",
                "fraud baseline cross_entropy resolved at 11", "fraud baseline error_rate resolved at 11",
                "churn churn-error-rate resolved at 9");
        JsonNode fired = alerts.stream().filter(a -> a.get("metric").asText().equals("cross_entropy")
                && a.get("state").asText().equals("firing")).findFirst().orElseThrow();
        assertThat(fired.get("baseline").asDouble()).as("the baseline of windows 0–8, 0–7 of them learned before")
                .isCloseTo(expectedBaseline(scenario), within(1e-9));
    }

    @ParameterizedTest(name = "savepoints of {0}")
    @MethodSource("releases")
    void aRulesFileWithANewRuleInFrontRestoresAndRuns(String release, @TempDir Path dir) throws Exception {
        String rules = """
                rules:
                  - name: fraud-brier-high
                    metric: brier
                    comparison: ">"
                    value: 0.4
                    model: fraud
                """ + SavepointScenario.RULES.substring("rules:\n".length());
        Topics topics = restore(release, SavepointScenario.ALERTS_AND_PANES, rulesFile(dir, rules));
        awaitRecords(topics.output(), 8);
        boolean rulesByName = !release.equals("0.1");
        List<JsonNode> alerts = awaitRecords(topics.alerts(), rulesByName ? 7 : 6);

        List<String> expected = new ArrayList<>(List.of(
                "fraud fraud-brier-high firing at 9", "fraud fraud-brier-high resolved at 11",
                "fraud baseline cross_entropy firing at 9", "fraud baseline error_rate firing at 9",
                "fraud baseline cross_entropy resolved at 11", "fraud baseline error_rate resolved at 11"));
        if (rulesByName) {
            // Since 0.2 a rule's state is kept by its name, so the churn rule, firing at the savepoint, resolves; 0.1
            // kept it by position, and with a rule in front it starts afresh (README, "Upgrading from 0.1").
            expected.add("churn churn-error-rate resolved at 9");
        }
        assertThat(describe(alerts)).as("the new rule fires; the restored baseline still explains the others")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest(name = "savepoints of {0}")
    @MethodSource("releases")
    void theSlidingWindowInStateCompletesAndAFiredWindowTakesItsNextRevision(String release) throws Exception {
        SavepointScenario scenario = SavepointScenario.SLIDING_WINDOW;
        Topics topics = restore(release, scenario, null);
        List<JsonNode> aggregates = awaitRecords(topics.output(), 4);

        assertThat(aggregates).extracting(a -> window(a) + " r" + a.get("revision").asInt() + " n"
                        + a.get("count").asLong())
                .as("window [3, 5) fired before the savepoint; its late update is its second firing")
                .containsExactlyInAnyOrder("3 r1 n61", "4 r0 n61", "5 r0 n60", "6 r0 n30");
        JsonNode open = aggregates.stream().filter(a -> window(a) == 4).findFirst().orElseThrow();
        Window expected = Window.of(scenario, "price", 4, 6);
        assertThat(open.get("mse").asDouble()).isCloseTo(expected.mse(), within(1e-9));
        assertThat(open.get("mae").asDouble()).isCloseTo(expected.mae(), within(1e-12));
    }

    /** The releases that took savepoints of {@code scenario} (those since the scenario was added). */
    static Stream<String> releasesWith(SavepointScenario scenario) throws IOException, URISyntaxException {
        Path root = Path.of(ReleaseSavepointRestoreTest.class.getResource("/savepoints").toURI());
        return releases().filter(r -> Files.isDirectory(root.resolve(r).resolve(scenario.directory())));
    }

    static Stream<Arguments> releasesWithComparisonsOnEachBackend() throws IOException, URISyntaxException {
        return releasesWith(SavepointScenario.COMPARISONS)
                .flatMap(r -> Stream.of(StateBackends.values()).map(b -> Arguments.of(r, b)));
    }

    static Stream<Arguments> releasesWithSharedIdsOnEachBackend() throws IOException, URISyntaxException {
        return releasesWith(SavepointScenario.SHARED_IDS)
                .flatMap(r -> Stream.of(StateBackends.values()).map(b -> Arguments.of(r, b)));
    }

    /** Every release with each state backend: the join's state moves into this release's on either. */
    static Stream<Arguments> releasesOnEachBackend() throws IOException, URISyntaxException {
        return releases().flatMap(r -> Stream.of(StateBackends.values()).map(b -> Arguments.of(r, b)));
    }

    @ParameterizedTest(name = "savepoints of {0} on {1}")
    @MethodSource("releasesOnEachBackend")
    void predictionsWaitingAtTheSavepointJoinLabelsThatArriveAfterIt(String release, StateBackends backend)
            throws Exception {
        Topics topics = restore(release, SavepointScenario.WAITING_LABELS, null, backend);
        List<JsonNode> aggregates = awaitRecords(topics.output(), 2);
        List<JsonNode> deadLetters = awaitRecords(topics.deadLetters(), 1);

        JsonNode churn = only(aggregates, "churn", 1);
        double[][] outcomes = SavepointScenario.waitingLabelOutcomes();
        double[] p = new double[outcomes.length];
        int[] y = new int[outcomes.length];
        for (int i = 0; i < outcomes.length; i++) {
            p[i] = outcomes[i][0];
            y[i] = (int) outcomes[i][1];
        }
        assertThat(churn.get("count").asLong())
                .as("20 joined before the savepoint, 20 waiting predictions and 1 waiting label joined after")
                .isEqualTo(outcomes.length);
        assertThat(churn.get("cross_entropy").asDouble()).isCloseTo(
                ReferenceMetrics.weightedMean(ReferenceMetrics.logLoss(ReferenceMetrics.binaryRows(p), y),
                        ReferenceMetrics.ones(p.length)), within(1e-12));
        assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d.get("error").asText())
                .as("the id joined before the savepoint is still remembered")
                .startsWith("duplicate label for id 'c-5'"));
    }

    @ParameterizedTest(name = "savepoints of {0} on {1}")
    @MethodSource("releasesWithComparisonsOnEachBackend")
    void waitingSidesAndTheOpenComparisonWindowCompleteTheComparison(String release, StateBackends backend)
            throws Exception {
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        restore(release, SavepointScenario.COMPARISONS, null, backend, List.of("--comparisons-topic", comparisons));
        JsonNode window2 = awaitRecords(comparisons, 1).stream().filter(c -> window(c) == 2).findFirst()
                .orElseThrow();

        List<SavepointScenario.ComparedPair> pairs = SavepointScenario.comparedPairs();
        List<SavepointScenario.ComparedPair> minute2 = pairs.stream().filter(p -> p.minute() == 2).toList();
        assertThat(window2.get("paired").asLong())
                .as("ten pairs in the open window, ten made of sides that waited in the savepoint")
                .isEqualTo(SavepointScenario.PAIRS_PER_MINUTE);
        JsonNode crossEntropy = window2.get("metrics").get("cross_entropy");
        assertThat(crossEntropy.get("champion").asDouble()).isCloseTo(meanLoss(minute2, false), within(1e-12));
        assertThat(crossEntropy.get("challenger").asDouble()).isCloseTo(meanLoss(minute2, true), within(1e-12));
        JsonNode cumulative = window2.get("cumulative");
        assertThat(cumulative.get("paired").asLong()).as("every pair since the comparison's first, 40 before it")
                .isEqualTo((long) pairs.size());
        assertThat(cumulative.get("metrics").get("cross_entropy").get("difference").asDouble())
                .isCloseTo(meanLoss(pairs, true) - meanLoss(pairs, false), within(1e-12));
    }

    @ParameterizedTest(name = "savepoints of {0} on {1}")
    @MethodSource("releasesWithSharedIdsOnEachBackend")
    void predictionsOfModelsSharingIdsJoinTheirLabelsAfterTheSavepoint(String release, StateBackends backend)
            throws Exception {
        Topics topics = restore(release, SavepointScenario.SHARED_IDS, null, backend);
        List<JsonNode> aggregates = awaitRecords(topics.output(), 3);
        List<JsonNode> deadLetters = awaitRecords(topics.deadLetters(), 1);

        double[][][] outcomes = SavepointScenario.sharedIdOutcomes();
        int ids = SavepointScenario.SHARED_JOINED_BEFORE + SavepointScenario.SHARED_WAITING + 1;
        for (int m = 0; m < SavepointScenario.SHARING_MODELS.size(); m++) {
            JsonNode minute1 = only(aggregates, SavepointScenario.SHARING_MODELS.get(m), 1);
            assertThat(minute1.get("count").asLong())
                    .as("10 joined before the savepoint, 10 waiting with the other model's, 1 whose label waited")
                    .isEqualTo(ids);
            assertThat(minute1.get("cross_entropy").asDouble())
                    .isCloseTo(crossEntropy(outcomes[m], ids), within(1e-12));
        }
        JsonNode late = only(aggregates, SavepointScenario.LATE_SHADOW, 1);
        assertThat(late.get("count").asLong()).as("a later model's predictions join the labels kept in the savepoint")
                .isEqualTo(SavepointScenario.SHARED_JOINED_BEFORE);
        assertThat(late.get("cross_entropy").asDouble()).isCloseTo(
                crossEntropy(outcomes[SavepointScenario.SHARING_MODELS.size()],
                        SavepointScenario.SHARED_JOINED_BEFORE), within(1e-12));
        assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d.get("error").asText())
                .isEqualTo("duplicate label for id 's-3': the id is already labelled"));
    }

    /** Mean cross-entropy of one side of the pairs, from their probabilities (README, "Losses"). */
    private static double meanLoss(List<SavepointScenario.ComparedPair> pairs, boolean challenger) {
        double[] p = pairs.stream().mapToDouble(x -> challenger ? x.challenger() : x.champion()).toArray();
        int[] y = pairs.stream().mapToInt(SavepointScenario.ComparedPair::label).toArray();
        return ReferenceMetrics.weightedMean(ReferenceMetrics.logLoss(ReferenceMetrics.binaryRows(p), y),
                ReferenceMetrics.ones(p.length));
    }

    /** Mean cross-entropy of the first {@code count} (probability, label) rows. */
    private static double crossEntropy(double[][] rows, int count) {
        double[] p = new double[count];
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = rows[i][0];
            y[i] = (int) rows[i][1];
        }
        return ReferenceMetrics.weightedMean(ReferenceMetrics.logLoss(ReferenceMetrics.binaryRows(p), y),
                ReferenceMetrics.ones(count));
    }

    /** Fills the scenario's topics (once per JVM) and starts the job from the release's savepoint of it. */
    private static Topics restore(String release, SavepointScenario scenario, Path rules) throws Exception {
        return restore(release, scenario, rules, StateBackends.HEAP);
    }

    private static Topics restore(String release, SavepointScenario scenario, Path rules, StateBackends backend)
            throws Exception {
        return restore(release, scenario, rules, backend, List.of());
    }

    private static Topics restore(String release, SavepointScenario scenario, Path rules, StateBackends backend,
                                  List<String> moreOptions) throws Exception {
        fill(scenario.predictionsTopic(release), scenario.predictionsBefore(), scenario.predictionsAfter());
        if (scenario.labelsTopic(release) != null) {
            fill(scenario.labelsTopic(release), scenario.labelsBefore(), scenario.labelsAfter());
        }
        Topics topics = Topics.fresh(1);
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", KafkaTestBroker.bootstrapServers(),
                "--output-topic", topics.output(), "--alerts-topic", topics.alerts(),
                "--dlq-topic", topics.deadLetters()));
        args.addAll(scenario.options(release));
        if (scenario.labelsTopic(release) != null) {
            // A savepoint committed long ago restores as after a stop that long, and a joined label is kept for
            // --label-ttl of processing time (README, "Input: label events"): the TTL covers the savepoint's age so
            // that the labels joined before it still count.
            args.addAll(List.of("--label-ttl", LABEL_TTL_BEYOND_SAVEPOINT_AGE));
        }
        if (rules != null) {
            args.addAll(List.of("--alert-rules", rules.toString()));
        }
        args.addAll(moreOptions);
        RunOptions options = new RunOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));

        Configuration fromSavepoint = backend.configuration();
        fromSavepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint(release, scenario).toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(fromSavepoint);
        LossMonitorJob.define(env, options.toConfig());
        JobClient job = env.executeAsync("restore " + release + " " + scenario.directory());
        RUNNING.add(job);
        return topics;
    }

    private static final List<JobClient> RUNNING = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void cancelJobs() throws Exception {
        for (JobClient job : RUNNING) {
            job.cancel().get();
        }
        RUNNING.clear();
    }

    private static synchronized void fill(String topic, List<String> before, List<String> after) {
        if (FILLED.add(topic)) {
            List<String> all = new ArrayList<>(before);
            all.addAll(after);
            KafkaTestBroker.createTopic(topic, SavepointScenario.PARTITIONS);
            KafkaTestBroker.produceStrings(topic, SavepointScenario.PARTITIONS, all);
        }
    }

    private static Path savepoint(String release, SavepointScenario scenario) throws URISyntaxException {
        return Path.of(ReleaseSavepointRestoreTest.class.getResource(
                "/savepoints/" + release + "/" + scenario.directory()).toURI());
    }

    private static Path rulesFile(Path dir, String rules) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, rules);
        return file;
    }

    /** The topic's records once it holds {@code count}, and then no more for a second. */
    private static List<JsonNode> awaitRecords(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<JsonNode> records = read(topic);
        while (records.size() < count) {
            assertThat(System.nanoTime()).as("%d records on %s within %s, have %s", count, topic, PATIENCE, records)
                    .isLessThan(deadline);
            Thread.sleep(250);
            records = read(topic);
        }
        Thread.sleep(1_000);
        return read(topic);
    }

    private static List<JsonNode> read(String topic) {
        return AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value).toList();
    }

    private static JsonNode only(List<JsonNode> aggregates, String model, int window) {
        Predicate<JsonNode> matches = a -> a.get("model").asText().equals(model) && window(a) == window;
        assertThat(aggregates).as("%s window %d", model, window).filteredOn(matches).hasSize(1);
        return aggregates.stream().filter(matches).findFirst().orElseThrow();
    }

    /** Minutes from the fixtures' start to a record's window start. */
    private static int window(JsonNode record) {
        return (int) ((Instant.parse(record.get("window_start").asText()).toEpochMilli() - T0) / MINUTE);
    }

    private static List<String> describe(List<JsonNode> alerts) {
        return alerts.stream().map(a -> a.get("model").asText() + " " + a.get("rule").asText() + " "
                + (a.get("rule").asText().equals("baseline") ? a.get("metric").asText() + " " : "")
                + a.get("state").asText() + " at " + window(a)).toList();
    }

    /**
     * The default rule's baseline after windows 0 to 8 of the fraud model: the plain mean of the first five windows'
     * cross-entropy, then each later window weighing 0.2 (README, "Default rule").
     */
    private static double expectedBaseline(SavepointScenario scenario) {
        double baseline = 0;
        for (int w = 0; w < 5; w++) {
            baseline += Window.of(scenario, "fraud", w).crossEntropy() / 5;
        }
        for (int w = 5; w <= 8; w++) {
            baseline = 0.8 * baseline + 0.2 * Window.of(scenario, "fraud", w).crossEntropy();
        }
        return baseline;
    }

    /** The labelled events of one model in a range of minutes of a scenario's traffic, read back from its records. */
    private record Window(List<JsonNode> events) {

        static Window of(SavepointScenario scenario, String model, int minute) {
            return of(scenario, model, minute, minute + 1);
        }

        static Window of(SavepointScenario scenario, String model, int fromMinute, int toMinute) {
            List<String> all = new ArrayList<>(scenario.predictionsBefore());
            all.addAll(scenario.predictionsAfter());
            return new Window(all.stream().map(s -> AggregateRecords.parse(s.getBytes()))
                    .filter(e -> e.get("model").asText().equals(model) && e.has("label"))
                    .filter(e -> {
                        long ts = e.get("ts").asLong();
                        return ts >= T0 + fromMinute * MINUTE && ts < T0 + toMinute * MINUTE;
                    })
                    .toList());
        }

        double crossEntropy() {
            double[] p = events.stream().mapToDouble(e -> e.get("probability").asDouble()).toArray();
            int[] y = events.stream().mapToInt(e -> e.get("label").asInt()).toArray();
            return ReferenceMetrics.weightedMean(ReferenceMetrics.logLoss(ReferenceMetrics.binaryRows(p), y),
                    ReferenceMetrics.ones(p.length));
        }

        double mse() {
            return ReferenceMetrics.weightedMean(residuals(true), ReferenceMetrics.ones(events.size()));
        }

        double mae() {
            return ReferenceMetrics.weightedMean(residuals(false), ReferenceMetrics.ones(events.size()));
        }

        private double[] residuals(boolean squared) {
            return events.stream().mapToDouble(e -> {
                double r = e.get("label").asDouble() - e.get("prediction").asDouble();
                return squared ? r * r : Math.abs(r);
            }).toArray();
        }
    }
}

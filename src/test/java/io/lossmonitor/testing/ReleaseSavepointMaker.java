package io.lossmonitor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Takes the savepoints of one release: runs that release's cluster job jar on a standalone Flink cluster against an
 * in-process Kafka broker, once per {@link SavepointScenario}, stops each job with a savepoint once it has read the
 * traffic before the savepoint and its sinks are idle, and moves the savepoint to {@code <out>/<scenario>}.
 * Run by {@code src/test/resources/savepoints/make-savepoints.sh}.
 *
 * <p>Usage: {@code ReleaseSavepointMaker RELEASE JOB_JAR OUT_DIR}
 */
public final class ReleaseSavepointMaker {

    /** Checkpoint intervals to wait after the last output, so that no transaction is open in the savepoint. */
    private static final Duration SINKS_IDLE = Duration.ofSeconds(3);

    private ReleaseSavepointMaker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ReleaseSavepointMaker RELEASE JOB_JAR OUT_DIR");
        }
        String release = args[0];
        Path jobJar = Path.of(args[1]);
        Path out = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(out);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(1, 4)) {
            String jar = cluster.uploadJar(jobJar);
            for (SavepointScenario scenario : SavepointScenario.values()) {
                Path target = out.resolve(scenario.directory());
                deleteRecursively(target);
                Path taken = take(cluster, jar, release, scenario, bootstrap, out);
                Files.move(taken, target, StandardCopyOption.ATOMIC_MOVE);
                System.out.println("savepoint of " + scenario.directory() + " in " + target);
            }
        }
        System.exit(0);
    }

    private static Path take(StandaloneFlinkCluster cluster, String jar, String release, SavepointScenario scenario,
                             String bootstrap, Path out) throws Exception {
        KafkaTestBroker.createTopic(scenario.predictionsTopic(release), SavepointScenario.PARTITIONS);
        KafkaTestBroker.produceStrings(scenario.predictionsTopic(release), SavepointScenario.PARTITIONS,
                scenario.predictionsBefore());
        if (scenario.labelsTopic(release) != null) {
            KafkaTestBroker.createTopic(scenario.labelsTopic(release), SavepointScenario.PARTITIONS);
            KafkaTestBroker.produceStrings(scenario.labelsTopic(release), SavepointScenario.PARTITIONS,
                    scenario.labelsBefore());
        }
        String output = KafkaTestBroker.freshTopic("model-loss", 1);
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", bootstrap,
                "--output-topic", output,
                "--alerts-topic", KafkaTestBroker.freshTopic("model-loss-alerts", 1),
                "--dlq-topic", KafkaTestBroker.freshTopic("model-loss-dlq", 1)));
        args.addAll(scenario.options(release));
        if (scenario.compares()) {
            args.addAll(List.of("--comparisons-topic", KafkaTestBroker.freshTopic("model-loss-comparisons", 1)));
        }
        if (scenario == SavepointScenario.ALERTS_AND_PANES) {
            Path rules = Files.createTempFile("rules", ".yaml");
            Files.writeString(rules, SavepointScenario.RULES);
            args.addAll(List.of("--alert-rules", rules.toString()));
        }
        String job = cluster.runJar(jar, args);
        cluster.awaitOutput(() -> KafkaTestBroker.readAll(bootstrap, output).size(),
                scenario.aggregatesBeforeSavepoint());
        Thread.sleep(SINKS_IDLE.toMillis());
        int aggregates = KafkaTestBroker.readAll(bootstrap, output).size();
        if (aggregates != scenario.aggregatesBeforeSavepoint()) {
            throw new IllegalStateException(scenario + ": " + aggregates + " aggregates before the savepoint, expected "
                    + scenario.aggregatesBeforeSavepoint());
        }
        String location = cluster.stopWithSavepoint(job, out.toUri().toString());
        String state = cluster.awaitTermination(job, Duration.ofMinutes(1));
        if (!state.equals("FINISHED")) {
            throw new IllegalStateException(scenario + " ended " + state + " after its savepoint");
        }
        return Path.of(java.net.URI.create(location));
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}

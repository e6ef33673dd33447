package io.lossmonitor.bench;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.LabelledTraffic;
import io.lossmonitor.testing.StandaloneFlinkCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The label join through a failover, as an operator would try it: a job jar (any release's) on a standalone cluster
 * of two TaskManager processes with RocksDB and incremental checkpoints, a bounded replay of predictions with ids and
 * their labels on their own topic (up to 40 s later), one TaskManager killed with SIGKILL once output flows and a
 * replacement started. Prints how long the job took to finish after the kill and whether every prediction joined
 * once.
 */
@Command(name = "label-join-failover", mixinStandardHelpOptions = true)
public class LabelJoinFailoverBenchmark implements Callable<Integer> {

    private static final String MODEL = "fraud-detector";
    private static final int PARTITIONS = 2;

    @Parameters(index = "0", description = "The cluster job jar to run.")
    Path jobJar;

    @Option(names = "--predictions", defaultValue = "600000")
    int predictions;

    @Option(names = "--spacing-ms", defaultValue = "10", description = "Event time between two predictions.")
    long spacing;

    @Option(names = "--max-label-delay-ms", defaultValue = "40000")
    long maxLabelDelay;

    @Option(names = "--timeout", defaultValue = "PT15M")
    Duration timeout;

    public static void main(String[] args) {
        int exit = new CommandLine(new LabelJoinFailoverBenchmark()).execute(args);
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        LabelledTraffic traffic = new LabelledTraffic(predictions, spacing, maxLabelDelay, MODEL, 23);
        long end = T0 + predictions * spacing + maxLabelDelay + 2 * MINUTE;
        String bootstrap = KafkaTestBroker.bootstrapServers();
        String input = KafkaTestBroker.freshTopic("predictions", PARTITIONS);
        String labels = KafkaTestBroker.freshTopic("labels", PARTITIONS);
        String output = KafkaTestBroker.freshTopic("model-loss", 1);
        KafkaTestBroker.produceStrings(input, PARTITIONS, traffic.predictionsBefore(Long.MAX_VALUE));
        KafkaTestBroker.produceStrings(input, PARTITIONS, LabelledTraffic.clockPredictions(PARTITIONS, end));
        KafkaTestBroker.produceStrings(labels, PARTITIONS, traffic.labelsBefore(Long.MAX_VALUE));
        KafkaTestBroker.produceStrings(labels, PARTITIONS, LabelledTraffic.clockLabels(PARTITIONS, end));
        System.out.printf(Locale.ROOT, "%s: %,d predictions and their labels produced%n", jobJar, predictions);

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(2, 1, Map.of(
                "state.backend.type", "rocksdb",
                "execution.checkpointing.incremental", "true",
                "taskmanager.memory.managed.size", "256m"))) {
            String jar = cluster.uploadJar(jobJar);
            long submitted = System.nanoTime();
            String job = cluster.runJar(jar, List.of("run", "--bootstrap-servers", bootstrap,
                    "--predictions-topic", input, "--labels-topic", labels, "--output-topic", output,
                    "--alerts-topic", KafkaTestBroker.freshTopic("model-loss-alerts", 1),
                    "--dlq-topic", KafkaTestBroker.freshTopic("model-loss-dlq", 1),
                    "--group-id", "failover-" + UUID.randomUUID(), "--bounded", "--label-ttl", "1h",
                    "--parallelism", "2"));
            cluster.awaitOutput(() -> KafkaTestBroker.readAll(bootstrap, output).size(), 1);
            long killed = System.nanoTime();
            cluster.killTaskManager(0);
            cluster.startTaskManager();
            String state = cluster.awaitTermination(job, timeout);
            long done = System.nanoTime();
            System.out.printf(Locale.ROOT, "first output after %.1f s; killed; job %s %.1f s after the kill, "
                    + "%.1f s after submission%n", (killed - submitted) / 1e9, state, (done - killed) / 1e9,
                    (done - submitted) / 1e9);
            if (!state.equals("FINISHED")) {
                cluster.cancel(job);
            }
        }
        List<JsonNode> aggregates = AggregateRecords.read(bootstrap, output).stream()
                .map(AggregateRecords.Output::value).filter(a -> a.get("model").asText().equals(MODEL)).toList();
        Set<String> windows = new HashSet<>();
        int repeated = 0;
        for (JsonNode a : aggregates) {
            if (!windows.add(AggregateRecords.identity(a))) {
                repeated++;
            }
        }
        long joined = aggregates.stream().mapToLong(a -> a.get("count").asLong()).sum();
        long expired = aggregates.stream().mapToLong(a -> a.get("expired").asLong()).sum();
        System.out.printf(Locale.ROOT, "joined %,d of %,d; windows %d, written twice %d; expired %,d%n", joined,
                predictions, windows.size(), repeated, expired);
        return joined == predictions && repeated == 0 && expired == 0 ? 0 : 1;
    }
}

package io.lossmonitor.join;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.LabelledTraffic;
import io.lossmonitor.testing.StandaloneFlinkCluster;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The label join on RocksDB with incremental checkpoints, as production runs it: the job jar on a standalone cluster
 * of two TaskManager processes, predictions (binary, and a ranker's lists) and their labels (up to 40 s later) on two
 * topics. Once committed output
 * flows, one TaskManager is killed with SIGKILL and a replacement started; the job restores the join's state from
 * RocksDB's last checkpoint and reads on. Every prediction joins its label exactly once: each window counts exactly
 * the labels of its event time, nothing expires, and no window is written twice.
 */
class LabelJoinFailoverIT {

    private static final int PREDICTIONS = 30_000;
    private static final long SPACING = 20;
    private static final long MAX_LABEL_DELAY = 40_000;
    private static final int PARTITIONS = 2;
    private static final String MODEL = "fraud";
    /** A ranker whose lists wait beside the binary predictions, every third prediction. */
    private static final String RANKER = "search";

    @Test
    void aKilledTaskManagerNeitherLosesNorRepeatsAJoinOnRocksDb() throws Exception {
        LabelledTraffic traffic = new LabelledTraffic(PREDICTIONS, SPACING, MAX_LABEL_DELAY, MODEL, RANKER, 23);
        long cut = T0 + PREDICTIONS * SPACING / 2;
        long end = T0 + PREDICTIONS * SPACING + MAX_LABEL_DELAY + 2 * MINUTE;
        Topics topics = Topics.fresh(PARTITIONS);
        String labels = KafkaTestBroker.freshTopic("labels", PARTITIONS);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        KafkaTestBroker.produceStrings(topics.predictions(), PARTITIONS, traffic.predictionsBefore(cut));
        KafkaTestBroker.produceStrings(labels, PARTITIONS, traffic.labelsBefore(cut));

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(2, 1, Map.of(
                "state.backend.type", "rocksdb",
                "execution.checkpointing.incremental", "true"))) {
            String jar = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String job = cluster.runJar(jar, List.of("run", "--bootstrap-servers", bootstrap,
                    "--predictions-topic", topics.predictions(), "--labels-topic", labels,
                    "--output-topic", topics.output(), "--alerts-topic", topics.alerts(),
                    "--dlq-topic", topics.deadLetters(), "--label-ttl", "1h",
                    "--group-id", "join-failover-" + UUID.randomUUID(), "--checkpoint-interval", "500ms",
                    "--idleness", "0s", "--parallelism", "2"));
            try {
                cluster.awaitOutput(() -> joined(bootstrap, topics.output()).size(), 3);
                cluster.killTaskManager(0);
                cluster.startTaskManager();
                KafkaTestBroker.produceStrings(topics.predictions(), PARTITIONS, traffic.predictionsFrom(cut));
                KafkaTestBroker.produceStrings(labels, PARTITIONS, traffic.labelsFrom(cut));
                KafkaTestBroker.produceStrings(topics.predictions(), PARTITIONS,
                        LabelledTraffic.clockPredictions(PARTITIONS, end));
                KafkaTestBroker.produceStrings(labels, PARTITIONS, LabelledTraffic.clockLabels(PARTITIONS, end));
                int windows = traffic.labelsPerWindow(MODEL).size() + traffic.labelsPerWindow(RANKER).size();
                cluster.awaitOutput(() -> (int) joined(bootstrap, topics.output()).stream()
                        .mapToLong(a -> a.get("count").asLong()).sum(), PREDICTIONS);
                cluster.awaitOutput(() -> joined(bootstrap, topics.output()).size(), windows);
                Thread.sleep(3_000);
                assertThat(cluster.get("/jobs/" + job).path("timestamps").path("RESTARTING").asLong())
                        .as("the job failed over; cluster logs:%n%s", cluster.logs()).isPositive();
            } finally {
                cluster.cancel(job);
            }
        }

        List<JsonNode> output = joined(bootstrap, topics.output());
        for (String model : List.of(MODEL, RANKER)) {
            Map<Integer, Long> counted = new TreeMap<>();
            for (JsonNode a : output) {
                if (a.get("model").asText().equals(model)) {
                    int window = (int) ((Instant.parse(a.get("window_start").asText()).toEpochMilli() - T0) / MINUTE);
                    assertThat(counted.put(window, a.get("count").asLong())).as("%s window %d written once", model,
                            window).isNull();
                }
            }
            assertThat(counted).as("%s: labelled outcomes per window, each label joined exactly once", model)
                    .isEqualTo(traffic.labelsPerWindow(model));
            assertThat(output.stream().filter(a -> a.get("model").asText().equals(model))
                    .mapToLong(a -> a.get("predictions").asLong()).sum())
                    .as("%s: predictions counted once each", model).isEqualTo(traffic.size(model));
        }
        assertThat(output).filteredOn(a -> a.get("model").asText().equals(RANKER))
                .as("every click is one of the first three of ten: a hit within k = 10")
                .allSatisfy(a -> assertThat(a.get("hit_rate_at_k").asDouble()).isEqualTo(1.0));
        assertThat(output.stream().mapToLong(a -> a.get("expired").asLong()).sum()).as("expired").isZero();
        assertThat(KafkaTestBroker.readAllValues(topics.deadLetters())).as("dead letters").isEmpty();
    }

    private static List<JsonNode> joined(String bootstrap, String topic) {
        return AggregateRecords.read(bootstrap, topic).stream().map(AggregateRecords.Output::value)
                .filter(a -> a.get("model").asText().equals(MODEL) || a.get("model").asText().equals(RANKER))
                .collect(Collectors.toList());
    }
}

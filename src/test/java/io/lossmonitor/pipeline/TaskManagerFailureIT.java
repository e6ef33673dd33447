package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.FailoverTraffic.MODELS;
import static io.lossmonitor.testing.FailoverTraffic.WINDOWS;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.testing.FailoverTraffic;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.StandaloneFlinkCluster;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a standalone cluster with two TaskManager processes of one slot each, on RocksDB with incremental
 * checkpoints as production runs, so the job at parallelism 2 runs on both; once committed output is flowing, one TaskManager is killed with SIGKILL and a replacement started
 * (as a process supervisor or Kubernetes would). After the restart the read_committed output holds each
 * (model, window) exactly once and the counts add up to the events produced.
 */
class TaskManagerFailureIT {

    @Test
    void aKilledTaskManagerNeitherLosesNorDuplicatesWindows() throws Exception {
        Topics topics = Topics.fresh(2);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        KafkaTestBroker.produceStrings(topics.predictions(), 2, FailoverTraffic.windows(0, WINDOWS / 2));

        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(2, 1, Map.of(
                "state.backend.type", "rocksdb",
                "execution.checkpointing.incremental", "true"))) {
            String jar = cluster.uploadJar(Path.of(System.getProperty("job.jar")));
            String job = cluster.runJar(jar, List.of("run", "--bootstrap-servers", bootstrap,
                    "--predictions-topic", topics.predictions(), "--output-topic", topics.output(),
                    "--alerts-topic", topics.alerts(), "--dlq-topic", topics.deadLetters(),
                    "--group-id", "tm-failure-" + UUID.randomUUID(), "--checkpoint-interval", "500ms",
                    "--idleness", "0s", "--parallelism", "2"));
            try {
                cluster.awaitOutput(() -> FailoverTraffic.aggregates(bootstrap, topics.output()).size(),
                        MODELS.size() * (WINDOWS / 2 - 1));
                cluster.killTaskManager(0);
                cluster.startTaskManager();
                KafkaTestBroker.produceStrings(topics.predictions(), 2, FailoverTraffic.secondHalf());
                cluster.awaitOutput(() -> FailoverTraffic.aggregates(bootstrap, topics.output()).size(),
                        MODELS.size() * WINDOWS);
                Thread.sleep(3_000);
                assertThat(cluster.get("/jobs/" + job).path("timestamps").path("RESTARTING").asLong())
                        .as("the job failed over; cluster logs:%n%s", cluster.logs()).isPositive();
            } finally {
                cluster.cancel(job);
            }
        }
        FailoverTraffic.assertEachWindowExactlyOnce(FailoverTraffic.aggregates(bootstrap, topics.output()));
    }
}

package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.FailoverTraffic.MODELS;
import static io.lossmonitor.testing.FailoverTraffic.WINDOWS;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.testing.FailoverTraffic;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager of the running job is killed after a checkpoint has committed output; after the restart from
 * that checkpoint the read_committed output holds every (model, window) exactly once, with the right counts.
 */
class ExactlyOnceRecoveryTest {

    /** One slot per TaskManager, so at parallelism 2 the job runs on both and losing either one fails it. */
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2)
            .setNumberSlotsPerTaskManager(1)
            .build());

    @Test
    void aKilledTaskManagerNeitherLosesNorDuplicatesWindows(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, FailoverTraffic.windows(0, WINDOWS / 2));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, TestJobs.unbounded(topics, Duration.ZERO));
        JobClient job = env.executeAsync("exactly-once-recovery");
        try {
            // Windows 0-3 close while the first half is read; seeing them committed means a checkpoint completed.
            awaitAggregates(topics.output(), MODELS.size() * (WINDOWS / 2 - 1));
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            KafkaTestBroker.produceStrings(topics.predictions(), 2, FailoverTraffic.secondHalf());
            awaitAggregates(topics.output(), MODELS.size() * WINDOWS);
            Thread.sleep(2_000);
            assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job really failed and restarted").isPositive();
        } finally {
            job.cancel().get();
        }
        FailoverTraffic.assertEachWindowExactlyOnce(
                FailoverTraffic.aggregates(KafkaTestBroker.bootstrapServers(), topics.output()));
    }

    private static void awaitAggregates(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (FailoverTraffic.aggregates(KafkaTestBroker.bootstrapServers(), topic).size() < count) {
            assertThat(System.nanoTime()).as("%d aggregates on %s within 120 s", count, topic).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

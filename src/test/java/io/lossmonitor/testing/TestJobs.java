package io.lossmonitor.testing;

import io.lossmonitor.job.JobConfig;
import io.lossmonitor.job.StartingOffsets;
import io.lossmonitor.loss.LossParameters;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;

/** Job configurations and the MiniCluster the end-to-end tests run on. */
public final class TestJobs {

    public static final int PARALLELISM = 2;

    private TestJobs() {}

    /** A Flink MiniCluster of two TaskManagers with two slots each. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(2)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }

    /** Topics of one test run: predictions in, aggregates and dead letters out. */
    public record Topics(String predictions, String output, String deadLetters) {
        public static Topics fresh(int partitions) {
            return new Topics(KafkaTestBroker.freshTopic("predictions", partitions),
                    KafkaTestBroker.freshTopic("model-loss", 1),
                    KafkaTestBroker.freshTopic("model-loss-dlq", 1));
        }
    }

    /** A bounded exactly-once replay of the predictions topic with 1-minute tumbling windows. */
    public static JobConfig bounded(Topics topics) {
        return bounded(topics, Duration.ofMinutes(1), null, Duration.ZERO, LossParameters.DEFAULTS);
    }

    public static JobConfig bounded(Topics topics, Duration window, Duration slide, Duration allowedLateness,
                                    LossParameters params) {
        return new JobConfig(KafkaTestBroker.bootstrapServers(), topics.predictions(), topics.output(),
                topics.deadLetters(), window, slide, Duration.ofSeconds(5), Duration.ZERO, allowedLateness, params,
                Duration.ofMillis(200), DeliveryGuarantee.EXACTLY_ONCE, StartingOffsets.EARLIEST, true,
                "test-" + UUID.randomUUID(), PARALLELISM, Map.of());
    }
}

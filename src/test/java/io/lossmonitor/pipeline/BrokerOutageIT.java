package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.FailoverTraffic.MODELS;
import static io.lossmonitor.testing.FailoverTraffic.WINDOWS;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.testing.FailoverTraffic;
import io.lossmonitor.testing.KafkaBrokerProcess;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away for about 20 seconds while the job is running (its process killed, then started again on
 * the same port and data). The job recovers without manual action and the read_committed output still holds each
 * (model, window) exactly once, with nothing lost.
 */
class BrokerOutageIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    @Test
    void theJobRidesOutABrokerOutageWithoutLosingOrRepeatingWindows() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("predictions", 2, (short) 1),
                        new NewTopic("model-loss", 1, (short) 1), new NewTopic("model-loss-alerts", 1, (short) 1),
                        new NewTopic("model-loss-dlq", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            KafkaTestBroker.produceStrings(bootstrap, "predictions", 2, FailoverTraffic.windows(0, WINDOWS / 2));

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            LossMonitorJob.define(env, new JobConfig(bootstrap, "predictions", null, "model-loss",
                    "model-loss-alerts", "model-loss-dlq", Duration.ofMinutes(1), null, Duration.ofSeconds(5),
                    Duration.ZERO, Duration.ZERO, Duration.ofHours(1), JoinTime.LABEL, LossParameters.DEFAULTS,
                    AlertSettings.DEFAULTS, Duration.ofMillis(500), null, DeliveryGuarantee.EXACTLY_ONCE,
                    StartingOffsets.EARLIEST, false, "outage", 2, null, Map.of(), TestJobs.MAX_CLOCK_SKEW,
                    ComparisonSettings.NONE));
            JobClient job = env.executeAsync("broker-outage");
            try {
                awaitAggregates(bootstrap, MODELS.size() * (WINDOWS / 2 - 1));
                broker.kill();
                Thread.sleep(20_000);
                broker.startAgain();
                KafkaTestBroker.produceStrings(bootstrap, "predictions", 2, FailoverTraffic.secondHalf());
                awaitAggregates(bootstrap, MODELS.size() * WINDOWS);
                Thread.sleep(2_000);
            } finally {
                job.cancel().get();
            }
            FailoverTraffic.assertEachWindowExactlyOnce(FailoverTraffic.aggregates(bootstrap, "model-loss"));
        }
    }

    private static void awaitAggregates(String bootstrap, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            try {
                if (FailoverTraffic.aggregates(bootstrap, "model-loss").size() >= count) {
                    return;
                }
            } catch (RuntimeException brokerStillComingBack) {
                // reading fails until the broker is back; keep waiting
            }
            assertThat(System.nanoTime()).as("%d aggregates within 3 min", count).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}

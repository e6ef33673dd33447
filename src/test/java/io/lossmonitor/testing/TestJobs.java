package io.lossmonitor.testing;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.estimate.EstimationSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.StartingOffsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Job configurations and the MiniCluster the end-to-end tests run on. */
public final class TestJobs {

    public static final int PARALLELISM = 2;
    /**
     * Watermark bound of the bounded replays: wider than any fixture's disorder, so whether a periodic watermark
     * happens to be emitted between two records of a topic never decides whether an event counts or is late (the
     * replay's final watermark fires every window anyway). Lateness is tested on unbounded jobs.
     */
    private static final Duration REPLAY_OUT_OF_ORDERNESS = Duration.ofHours(1);
    private static final Duration LIVE_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    /** The clock guard as the job has it by default: the fixtures' times are all in the past. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

    private TestJobs() {}

    /** A Flink MiniCluster of two TaskManagers with two slots each. */
    public static MiniClusterExtension miniCluster() {
        return miniCluster(new Configuration());
    }

    /** The same MiniCluster, reporting its metrics to {@code reporter}. */
    public static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        return miniCluster(reporter.addToConfiguration(new Configuration()));
    }

    private static MiniClusterExtension miniCluster(Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(2)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }

    /** Topics of one test run: predictions in; aggregates, alerts and dead letters out. */
    public record Topics(String predictions, String output, String alerts, String deadLetters) {
        public static Topics fresh(int partitions) {
            return new Topics(KafkaTestBroker.freshTopic("predictions", partitions),
                    KafkaTestBroker.freshTopic("model-loss", 1),
                    KafkaTestBroker.freshTopic("model-loss-alerts", 1),
                    KafkaTestBroker.freshTopic("model-loss-dlq", 1));
        }
    }

    /** A bounded exactly-once replay of the predictions topic with 1-minute tumbling windows. */
    public static JobConfig bounded(Topics topics) {
        return config(topics, true, Duration.ofMinutes(1), null, Duration.ZERO, LossParameters.DEFAULTS);
    }

    /** An exactly-once job that keeps reading until cancelled, with 1-minute tumbling windows. */
    public static JobConfig unbounded(Topics topics, Duration allowedLateness) {
        return config(topics, false, Duration.ofMinutes(1), null, allowedLateness, LossParameters.DEFAULTS);
    }

    public static JobConfig config(Topics topics, boolean bounded, Duration window, Duration slide,
                                   Duration allowedLateness, LossParameters params) {
        return config(topics, bounded, window, slide, allowedLateness, params, AlertSettings.DEFAULTS);
    }

    public static JobConfig config(Topics topics, boolean bounded, Duration window, Duration slide,
                                   Duration allowedLateness, LossParameters params, AlertSettings alerts) {
        return new JobConfig(KafkaTestBroker.bootstrapServers(), topics.predictions(), null, topics.output(),
                topics.alerts(), topics.deadLetters(), window, slide,
                bounded ? REPLAY_OUT_OF_ORDERNESS : LIVE_OUT_OF_ORDERNESS, Duration.ZERO,
                allowedLateness, Duration.ofHours(1), JoinTime.LABEL, params, alerts, Duration.ofMillis(200), null,
                DeliveryGuarantee.EXACTLY_ONCE, StartingOffsets.EARLIEST, bounded, "test-" + UUID.randomUUID(),
                PARALLELISM, null, Map.of(), MAX_CLOCK_SKEW, ComparisonSettings.NONE);
    }

    /** A bounded replay that joins label events from {@code labelsTopic} to the predictions. */
    public static JobConfig boundedWithLabels(Topics topics, String labelsTopic, Duration labelTtl, JoinTime joinTime) {
        return new JobConfig(KafkaTestBroker.bootstrapServers(), topics.predictions(), labelsTopic, topics.output(),
                topics.alerts(), topics.deadLetters(), Duration.ofMinutes(1), null, REPLAY_OUT_OF_ORDERNESS,
                Duration.ZERO, Duration.ZERO, labelTtl, joinTime, LossParameters.DEFAULTS, AlertSettings.DEFAULTS,
                Duration.ofMillis(200), null, DeliveryGuarantee.EXACTLY_ONCE, StartingOffsets.EARLIEST, true,
                "test-" + UUID.randomUUID(), PARALLELISM, null, Map.of(), MAX_CLOCK_SKEW, ComparisonSettings.NONE);
    }

    /** The same job, comparing champions with challengers as {@code comparisons} says. */
    public static JobConfig comparing(JobConfig c, ComparisonSettings comparisons) {
        return new JobConfig(c.bootstrapServers(), c.predictionsTopic(), c.labelsTopic(), c.outputTopic(),
                c.alertsTopic(), c.dlqTopic(), c.window(), c.slide(), c.outOfOrderness(), c.idleness(),
                c.allowedLateness(), c.labelTtl(), c.joinTime(), c.lossParameters(), c.alertSettings(),
                c.checkpointInterval(), c.checkpointDir(), c.delivery(), c.startingOffsets(), c.bounded(), c.groupId(),
                c.parallelism(), c.maxKeys(), c.kafkaProperties(), c.maxClockSkew(), comparisons, c.estimation());
    }

    /** The same job, alerting as {@code alerts} says. */
    public static JobConfig alerting(JobConfig c, AlertSettings alerts) {
        return new JobConfig(c.bootstrapServers(), c.predictionsTopic(), c.labelsTopic(), c.outputTopic(),
                c.alertsTopic(), c.dlqTopic(), c.window(), c.slide(), c.outOfOrderness(), c.idleness(),
                c.allowedLateness(), c.labelTtl(), c.joinTime(), c.lossParameters(), alerts, c.checkpointInterval(),
                c.checkpointDir(), c.delivery(), c.startingOffsets(), c.bounded(), c.groupId(), c.parallelism(),
                c.maxKeys(), c.kafkaProperties(), c.maxClockSkew(), c.comparisons(), c.estimation());
    }

    /** The same job, estimating performance as {@code estimation} says. */
    public static JobConfig estimating(JobConfig c, EstimationSettings estimation) {
        return new JobConfig(c.bootstrapServers(), c.predictionsTopic(), c.labelsTopic(), c.outputTopic(),
                c.alertsTopic(), c.dlqTopic(), c.window(), c.slide(), c.outOfOrderness(), c.idleness(),
                c.allowedLateness(), c.labelTtl(), c.joinTime(), c.lossParameters(), c.alertSettings(),
                c.checkpointInterval(), c.checkpointDir(), c.delivery(), c.startingOffsets(), c.bounded(), c.groupId(),
                c.parallelism(), c.maxKeys(), c.kafkaProperties(), c.maxClockSkew(), c.comparisons(), estimation);
    }

    /** The sum over all subtasks of the job's counters whose name ends with {@code name}. */
    public static long counter(InMemoryReporter reporter, JobID job, String name) {
        return reporter.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    /** The sum over all subtasks of the job's counters named {@code name} in the group {@code reason=value}. */
    public static long counter(InMemoryReporter reporter, JobID job, String name, String reason) {
        return reporter.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().endsWith(".reason." + reason + "." + name))
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }
}

package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.alert.Inequality;
import io.lossmonitor.alert.LossGauges;
import io.lossmonitor.alert.ThresholdRule;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A model version that stops sending loses its gauges (and its alert state, and the gauge of that) once event time has moved the key TTL
 * past its latest window, while the versions that go on sending keep theirs: the metric reporter sees the retired
 * key's gauges come and go.
 */
class RetiredKeysEndToEndTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster(METRICS);

    private static final Duration KEY_TTL = Duration.ofMinutes(5);
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void aRetiredVersionsGaugesGoAfterTheKeyTtlAndTheLiveOnesStay() throws Exception {
        Topics topics = Topics.fresh(2);
        ThresholdRule highMse = new ThresholdRule("price-mse", Metric.MSE, Inequality.GREATER, 0.5, "price", null, null,
                1, null);
        AlertSettings alerts = new AlertSettings(true, 3.0, 0.2, 100, 5, 2, List.of(highMse), KEY_TTL);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, TestJobs.config(topics, false, Duration.ofMinutes(1), null, Duration.ZERO,
                LossParameters.DEFAULTS, alerts));
        JobClient job = env.executeAsync("retired keys");
        try {
            KafkaTestBroker.produceStrings(topics.predictions(), 2, minutes(0, 3, true));
            awaitWindow(topics.output(), "v2", 1);
            assertThat(mseGauges(job.getJobID())).as("both versions have gauges while they send")
                    .containsExactlyInAnyOrder("v1", "v2");
            assertThat(alertGauges(job.getJobID())).as("the price-mse rule fires for both versions (mse 4 and 1)")
                    .isEqualTo(Map.of("v1", 1, "v2", 1));

            KafkaTestBroker.produceStrings(topics.predictions(), 2, minutes(3, 13, false));
            awaitWindow(topics.output(), "v2", 11);
            assertThat(mseGauges(job.getJobID()))
                    .as("v1's last window ended at minute 3; event time is past minute 11, beyond the 5-minute TTL")
                    .containsExactly("v2");
            assertThat(alertGauges(job.getJobID())).as("v1's alert state went with its key").isEqualTo(Map.of("v2", 1));
        } finally {
            job.cancel().get();
        }
    }

    /** Events of minutes [from, to): of version v2 always, of v1 only when {@code withV1}. */
    private static List<String> minutes(int from, int to, boolean withV1) {
        List<String> events = new ArrayList<>();
        for (int m = from; m < to; m++) {
            for (int i = 0; i < 10; i++) {
                long ts = T0 + m * MINUTE + i * 5_000L;
                events.add(json("model", "price", "version", "v2", "ts", ts, "prediction", 1.0, "label", 2.0));
                if (withV1) {
                    events.add(json("model", "price", "version", "v1", "ts", ts, "prediction", 1.0, "label", 3.0));
                }
            }
        }
        return events;
    }

    /** The versions of the model that have an {@code mse} gauge now. */
    private static List<String> mseGauges(JobID job) {
        return METRICS.findMetrics(job, "mse").keySet().stream()
                .filter(identifier -> identifier.endsWith(".mse") && identifier.contains(".model.price.version."))
                .map(identifier -> identifier.replaceAll(".*\\.model\\.price\\.version\\.([^.]+)\\..*", "$1"))
                .toList();
    }

    /** The value of each version's {@code alert_firing} gauge of the price-mse rule on mse. */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> alertGauges(JobID job) {
        return METRICS.findMetrics(job, LossGauges.ALERT_FIRING).entrySet().stream()
                .filter(e -> e.getKey().contains(".model.price.version.")
                        && e.getKey().endsWith(".metric.mse.rule.price-mse." + LossGauges.ALERT_FIRING))
                .collect(Collectors.toMap(
                        e -> e.getKey().replaceAll(".*\\.model\\.price\\.version\\.([^.]+)\\..*", "$1"),
                        e -> ((Gauge<Integer>) e.getValue()).getValue()));
    }

    private static void awaitWindow(String topic, String version, int minute) throws InterruptedException {
        String start = Instant.ofEpochMilli(T0 + minute * MINUTE).toString();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value)
                .noneMatch(a -> version.equals(a.get("version").asText()) && start.equals(
                        a.get("window_start").asText()))) {
            assertThat(System.nanoTime()).as("the aggregate of %s at minute %d within %s", version, minute, PATIENCE)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}

package io.lossmonitor.compare;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.PairedReference;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A comparison stopped with a savepoint mid-stream and started again from it: the champion's predictions waiting
 * for their pairs, the cumulative differences and the decided verdicts all travel in the savepoint.
 */
class ComparisonSavepointTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final String CHAMPION = "churn-v1";
    private static final String CHALLENGER = "churn-v2";
    private static final int PER_WINDOW = 200;

    @Test
    void waitingSidesTotalsAndVerdictsSurviveASavepoint() throws Exception {
        Random random = new Random(23);
        double[][] champion = new double[2 * PER_WINDOW][];
        double[][] challenger = new double[2 * PER_WINDOW][];
        List<String> beforeSavepoint = new ArrayList<>();
        List<String> afterSavepoint = new ArrayList<>();
        for (int i = 0; i < 2 * PER_WINDOW; i++) {
            long ts = T0 + (i / PER_WINDOW) * MINUTE + (i % PER_WINDOW) * 200L;
            double logit = 1.5 * random.nextGaussian();
            double p = ReferenceMetrics.sigmoid(logit);
            double q = ReferenceMetrics.sigmoid(3 * logit);
            int y = random.nextDouble() < p ? 1 : 0;
            champion[i] = new double[] {p, y};
            challenger[i] = new double[] {q, y};
            beforeSavepoint.add(event(CHAMPION, "c-" + i, ts, p, y));
            // The challenger's predictions of the second window arrive only after the savepoint.
            (i < PER_WINDOW ? beforeSavepoint : afterSavepoint).add(event(CHALLENGER, "c-" + i, ts, q, y));
        }
        for (int k = 0; k < 2; k++) {
            afterSavepoint.add(event(CHAMPION, "closer-" + k, T0 + 3 * MINUTE, 0.5, 1));
            afterSavepoint.add(event(CHALLENGER, "closer-" + k, T0 + 3 * MINUTE, 0.5, 1));
        }
        Topics topics = Topics.fresh(2);
        String comparisons = KafkaTestBroker.freshTopic("model-loss-comparisons", 1);
        JobConfig config = TestJobs.comparing(TestJobs.unbounded(topics, Duration.ZERO), new ComparisonSettings(
                List.of(new ChampionChallenger(CHAMPION, CHALLENGER)), comparisons, Duration.ofMinutes(5)));
        KafkaTestBroker.produceStrings(topics.predictions(), 2, beforeSavepoint);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, config);
        JobClient first = env.executeAsync("comparison-before-savepoint");
        AggregateRecords.await(comparisons, 1, Duration.ofSeconds(60));
        String savepoint = first.stopWithSavepoint(false, Files.createTempDirectory("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        List<JsonNode> alertsBefore = comparisonAlerts(topics.alerts());
        assertThat(alertsBefore).as("the fixture decides cross-entropy in the first window")
                .extracting(a -> a.get("metric").asText()).contains("cross_entropy");

        KafkaTestBroker.produceStrings(topics.predictions(), 2, afterSavepoint);
        Configuration fromSavepoint = new Configuration();
        fromSavepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment restored = StreamExecutionEnvironment.getExecutionEnvironment(fromSavepoint);
        LossMonitorJob.define(restored, config);
        JobClient second = restored.executeAsync("comparison-after-savepoint");
        try {
            List<JsonNode> records = AggregateRecords.await(comparisons, 2, Duration.ofSeconds(60));
            JsonNode w1 = records.get(1);
            assertThat(w1.get("window_start").asText()).isEqualTo(Instant.ofEpochMilli(T0 + MINUTE).toString());
            assertThat(w1.get("paired").asLong()).as("champion predictions that waited in the savepoint")
                    .isEqualTo(PER_WINDOW);
            assertThat(w1.get("cumulative").get("paired").asLong()).as("pairs of both windows")
                    .isEqualTo(2 * PER_WINDOW);
            PairedReference all = crossEntropy(champion, challenger);
            JsonNode cumulative = w1.get("cumulative").get("metrics").get("cross_entropy");
            assertThat(cumulative.get("difference").asDouble()).isCloseTo(all.mean, within(1e-9));
            assertThat(cumulative.get("cs_low").asDouble()).isCloseTo(all.csLow(), within(1e-9));
            assertThat(comparisonAlerts(topics.alerts())).extracting(a -> a.get("metric").asText())
                    .as("a verdict decided before the savepoint fires once, not again after it")
                    .containsAll(alertsBefore.stream().map(a -> a.get("metric").asText()).toList())
                    .doesNotHaveDuplicates();
        } finally {
            second.cancel().get();
        }
    }

    private static String event(String model, String id, long ts, double p, int y) {
        return json("model", model, "id", id, "ts", ts, "probability", p, "label", y);
    }

    private static PairedReference crossEntropy(double[][] champion, double[][] challenger) {
        double[] a = new double[champion.length];
        double[] b = new double[challenger.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = -Math.log(champion[i][1] == 1 ? champion[i][0] : 1 - champion[i][0]);
            b[i] = -Math.log(challenger[i][1] == 1 ? challenger[i][0] : 1 - challenger[i][0]);
        }
        return new PairedReference(a, b);
    }

    private static List<JsonNode> comparisonAlerts(String topic) {
        return AggregateRecords.read(topic).stream().map(AggregateRecords.Output::value)
                .filter(a -> a.get("rule").asText().equals("comparison")).toList();
    }
}

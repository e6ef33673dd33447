package io.lossmonitor.estimate;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.sketch.ScoreCells;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.StateBackends;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A classifier's estimation reference stopped with a savepoint mid-stream and started again from it, on both state
 * backends: the windows after the restart are estimated from the labelled windows before it, exactly as without the
 * stop.
 */
class EstimationSavepointTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final int PER_WINDOW = 300;
    /** Windows 0–3 labelled, 4 predictions only. */
    private static final int LABELLED_WINDOWS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void theReferenceLearnedBeforeASavepointEstimatesTheWindowsAfterIt(StateBackends backend) throws Exception {
        Random random = new Random(19);
        List<String> beforeSavepoint = new ArrayList<>();
        List<String> afterSavepoint = new ArrayList<>();
        ScoreCells reference = new ScoreCells();
        ScoreCells unlabelled = new ScoreCells();
        for (int w = 0; w <= LABELLED_WINDOWS; w++) {
            for (int i = 0; i < PER_WINDOW; i++) {
                long ts = T0 + w * MINUTE + i * 150L;
                double p = 1 / (1 + Math.exp(-(1.4 * random.nextGaussian() - 0.5 + 0.3 * w)));
                int y = random.nextDouble() < p ? 1 : 0;
                double logit = Math.log(p) - Math.log1p(-p);
                if (w < LABELLED_WINDOWS) {
                    reference.addOutcome(logit, p >= 0.5, y == 1, 1);
                    (w < LABELLED_WINDOWS - 1 ? beforeSavepoint : afterSavepoint)
                            .add(json("model", "fraud", "ts", ts, "probability", p, "label", y));
                } else {
                    unlabelled.addPrediction(logit, p >= 0.5, 1);
                    afterSavepoint.add(json("model", "fraud", "ts", ts, "probability", p));
                }
            }
        }
        for (int partition = 0; partition < 2; partition++) {
            // One on each partition, so that both move event time past the last window.
            afterSavepoint.add(json("model", "fraud", "ts", T0 + (LABELLED_WINDOWS + 2) * MINUTE, "probability", 0.5));
        }
        Topics topics = Topics.fresh(2);
        JobConfig config = TestJobs.unbounded(topics, Duration.ZERO);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, beforeSavepoint);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(backend.configuration());
        LossMonitorJob.define(env, config);
        JobClient first = env.executeAsync("estimation-before-savepoint");
        AggregateRecords.await(topics.output(), LABELLED_WINDOWS - 2, PATIENCE);
        String savepoint = first.stopWithSavepoint(false, Files.createTempDirectory("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();

        KafkaTestBroker.produceStrings(topics.predictions(), 2, afterSavepoint);
        Configuration fromSavepoint = backend.configuration();
        fromSavepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment restored = StreamExecutionEnvironment.getExecutionEnvironment(fromSavepoint);
        LossMonitorJob.define(restored, config);
        JobClient second = restored.executeAsync("estimation-after-savepoint");
        try {
            List<JsonNode> windows = AggregateRecords.await(topics.output(), LABELLED_WINDOWS + 1, PATIENCE);
            JsonNode last = windows.stream().filter(a -> a.get("window_start").asText()
                    .equals(Instant.ofEpochMilli(T0 + LABELLED_WINDOWS * MINUTE).toString())).findFirst().orElseThrow();
            PerformanceEstimate expected = PerformanceEstimate.estimate(Task.BINARY, unlabelled,
                    ReferenceOutcomes.of(reference), EstimationSettings.DEFAULT.minLabels(),
                    LossParameters.DEFAULTS.epsilon());
            assertThat(last.get("count").asLong()).as("no label in the window").isZero();
            assertThat(last.get("estimation_reference_labels").asDouble())
                    .as("windows 0 and 1 learned before the savepoint, 2 and 3 after it")
                    .isEqualTo(LABELLED_WINDOWS * PER_WINDOW);
            for (Metric m : List.of(Metric.ESTIMATED_ACCURACY, Metric.ESTIMATED_PRECISION, Metric.ESTIMATED_ROC_AUC,
                    Metric.ESTIMATED_BRIER)) {
                assertThat(last.get(m.jsonName()).asDouble()).as(m.jsonName())
                        .isCloseTo(expected.value(m), within(1e-12));
            }
        } finally {
            second.cancel().get();
        }
    }
}

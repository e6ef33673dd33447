package io.lossmonitor.estimate;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.alert.Inequality;
import io.lossmonitor.alert.ThresholdRule;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.StateBackends;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Estimated performance through Kafka, with labels on their own topic that stop arriving after minute 6: a
 * calibrated model whose inputs move to where it is less sure (covariate shift) is estimated within its standard
 * error of what it really does, and an alert on its estimated error rate fires before any label of that period; a
 * model whose calibration breaks (concept drift) is estimated as before while it fails, as the README warns.
 */
class EstimatedPerformanceEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final int PER_MINUTE = 400;
    private static final int MINUTES = 10;
    /** Labels arrive for the predictions of minutes 0–5 only, 20 s after them. */
    private static final int LABELLED_MINUTES = 6;
    private static final long LABEL_DELAY = 20_000;
    private static final String SHIFTED = "fraud-shifted";
    private static final String DRIFTED = "fraud-drifted";
    private static final double ALERT_ABOVE = 0.33;

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void covariateShiftIsEstimatedAndAlertedBeforeTheLabelsAndConceptDriftIsNot(StateBackends backend)
            throws Exception {
        Random random = new Random(31);
        List<String> predictions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        // [model][minute]: weight of right predictions and all predictions, the realized accuracy of the window.
        double[][] right = new double[2][MINUTES];
        int id = 0;
        for (int minute = 0; minute < MINUTES; minute++) {
            for (int i = 0; i < PER_MINUTE; i++) {
                long ts = T0 + minute * MINUTE + i * 100L;
                boolean later = minute >= LABELLED_MINUTES;
                for (int m = 0; m < 2; m++) {
                    String model = m == 0 ? SHIFTED : DRIFTED;
                    // Calibrated on the logit scale; the shifted model's inputs move towards its boundary later.
                    double z = m == 0 && later ? 0.5 * random.nextGaussian() : 1.5 * random.nextGaussian() - 1.0;
                    double p = 1 / (1 + Math.exp(-z));
                    // The drifted model's world changes: the same scores now mean the opposite.
                    double pTrue = m == 1 && later ? 1 - p : p;
                    int label = random.nextDouble() < pTrue ? 1 : 0;
                    right[m][minute] += (p >= 0.5 ? 1 : 0) == label ? 1 : 0;
                    String pid = model + "-" + id++;
                    predictions.add(json("model", model, "id", pid, "ts", ts, "probability", p));
                    if (!later) {
                        labels.add(json("id", pid, "label", label, "ts", ts + LABEL_DELAY));
                    }
                }
            }
        }
        Topics topics = Topics.fresh(2);
        String labelsTopic = KafkaTestBroker.freshTopic("labels", 2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, predictions);
        KafkaTestBroker.produceStrings(labelsTopic, 2, labels);
        JobConfig joined = TestJobs.boundedWithLabels(topics, labelsTopic, Duration.ofMinutes(5), JoinTime.LABEL);
        JobConfig config = TestJobs.estimating(withAlertOnEstimatedErrors(joined),
                new EstimationSettings(Duration.ofMinutes(30), 1_000));
        LossMonitorJob.run(config, backend.configuration());

        List<JsonNode> aggregates = AggregateRecords.read(topics.output()).stream()
                .map(AggregateRecords.Output::value).toList();
        for (int minute = LABELLED_MINUTES; minute < MINUTES; minute++) {
            JsonNode shifted = window(aggregates, SHIFTED, minute);
            double estimated = shifted.get("estimated_accuracy").asDouble();
            double standardError = shifted.get("stderr").get("estimated_accuracy").asDouble();
            double realized = right[0][minute] / PER_MINUTE;
            assertThat(shifted.get("count").asLong()).as("minute %d has no label", minute).isZero();
            assertThat(Math.abs(estimated - realized)).as("covariate shift, minute %d: estimate %s ± %s, realized %s",
                    minute, estimated, standardError, realized).isLessThanOrEqualTo(3 * standardError);
            assertThat(estimated).as("the shift costs accuracy, and the estimate sees it")
                    .isLessThan(window(aggregates, SHIFTED, 3).get("accuracy").asDouble() - 0.05);

            JsonNode drifted = window(aggregates, DRIFTED, minute);
            double driftedEstimate = drifted.get("estimated_accuracy").asDouble();
            double driftedRealized = right[1][minute] / PER_MINUTE;
            assertThat(driftedEstimate - driftedRealized)
                    .as("concept drift, minute %d: the map no longer holds and the estimate stays where it was "
                            + "(%s) while the model fails (%s)", minute, driftedEstimate, driftedRealized)
                    .isGreaterThan(10 * drifted.get("stderr").get("estimated_accuracy").asDouble());
        }
        assertThat(window(aggregates, SHIFTED, LABELLED_MINUTES).get("estimation_reference_labels").asDouble())
                .as("the labels of minutes 0–5, as their label times fall in windows 0–6")
                .isLessThanOrEqualTo(LABELLED_MINUTES * PER_MINUTE).isGreaterThan(1_000);

        List<JsonNode> alerts = KafkaTestBroker.readAllValues(topics.alerts()).stream()
                .map(v -> AggregateRecords.parse(v.getBytes())).toList();
        assertThat(alerts).filteredOn(a -> a.get("rule").asText().equals("estimated-errors"))
                .as("fires on the estimate of the first shifted window, whose labels never came")
                .anySatisfy(a -> {
                    assertThat(a.get("model").asText()).isEqualTo(SHIFTED);
                    assertThat(a.get("state").asText()).isEqualTo("firing");
                    assertThat(a.get("window_start").asText()).isEqualTo("2026-11-28T10:06:00Z");
                })
                .noneSatisfy(a -> assertThat(a.get("model").asText()).isEqualTo(DRIFTED));
    }

    private static JobConfig withAlertOnEstimatedErrors(JobConfig c) {
        ThresholdRule rule = new ThresholdRule("estimated-errors", Metric.ESTIMATED_ERROR_RATE, Inequality.GREATER,
                ALERT_ABOVE, null, null, null, 100, null);
        AlertSettings alerts = new AlertSettings(false, 3.0, 0.2, 100, 5, 2, List.of(rule),
                AlertSettings.DEFAULT_KEY_TTL);
        return TestJobs.alerting(c, alerts);
    }

    private static JsonNode window(List<JsonNode> aggregates, String model, int minute) {
        String start = String.format("2026-11-28T10:%02d:00Z", minute);
        return aggregates.stream()
                .filter(a -> a.get("model").asText().equals(model) && a.get("window_start").asText().equals(start))
                .findFirst().orElseThrow(() -> new AssertionError("no window " + start + " of " + model));
    }
}

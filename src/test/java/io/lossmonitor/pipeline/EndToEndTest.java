package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static io.lossmonitor.testing.ReferenceMetrics.binaryFocal;
import static io.lossmonitor.testing.ReferenceMetrics.binaryRows;
import static io.lossmonitor.testing.ReferenceMetrics.brier;
import static io.lossmonitor.testing.ReferenceMetrics.entropy;
import static io.lossmonitor.testing.ReferenceMetrics.errors;
import static io.lossmonitor.testing.ReferenceMetrics.focal;
import static io.lossmonitor.testing.ReferenceMetrics.logLoss;
import static io.lossmonitor.testing.ReferenceMetrics.ones;
import static io.lossmonitor.testing.ReferenceMetrics.standardError;
import static io.lossmonitor.testing.ReferenceMetrics.weightedMean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.AggregateRecords.Output;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON in, JSON out: every input form of the contract goes through the real job (Kafka source, MiniCluster at
 * parallelism 2, exactly-once Kafka sinks) in one bounded run, and each aggregate is checked against the metrics
 * recomputed here from the same fixtures with the scikit-learn and PyTorch conventions, to 1e-9 relative.
 */
class EndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final double RELATIVE = 1e-9;

    /** The lecture's residual table, then the same with the outlier, as predictions of 100. */
    private static final double[] RESIDUALS = {-10, -5, 0, 5, 10};
    private static final double[] RESIDUALS_WITH_OUTLIER = {-10, -5, 0, 5, 100};

    /** Two churn models with the same labels and the same predicted classes (error rate 0.25). */
    private static final int[] CHURN_LABELS = {1, 1, 1, 0, 0, 0, 1, 0};
    private static final double[] CALIBRATED = {0.8, 0.7, 0.6, 0.3, 0.2, 0.4, 0.45, 0.55};
    private static final double[] OVERCONFIDENT = {0.99, 0.98, 0.97, 0.02, 0.01, 0.03, 0.02, 0.99};
    private static final double[] UNLABELLED_CALIBRATED = {0.9, 0.35};

    private static final double[] FRAUD_LOGITS = {-60, 2.0, -1.0, 0.5};
    private static final int[] FRAUD_LABELS = {1, 1, 0, 0};

    private static final String[] GENDERS = {"male", "female", "other"};
    private static final double[][] LECTURE_MODEL_1 = {{0.4, 0.3, 0.3}, {0.3, 0.4, 0.3}, {0.5, 0.2, 0.3}, {0.8, 0.1, 0.1}};
    private static final double[][] LECTURE_MODEL_2 = {{0.7, 0.1, 0.2}, {0.1, 0.8, 0.1}, {0.9, 0.1, 0.0}, {0.4, 0.3, 0.3}};
    private static final int[] LECTURE_TARGETS = {0, 1, 0, 2};
    private static final double[][] ANIMAL_LOGITS = {{2.0, 0.5, -1.0}, {0.1, 0.2, 0.3}, {-3.0, 4.0, 0.0}};
    private static final String[] ANIMALS = {"cat", "dog", "bird"};
    private static final int[] ANIMAL_TARGETS = {0, 2, 1};

    private static final double[] WEIGHTED_LABELS = {1, 2, 3, 4};
    private static final double[] WEIGHTS = {1, 2, 3, 4};

    private static Map<String, List<Output>> byModel;
    private static List<Output> outputs;

    @BeforeAll
    static void runTheJobOverEveryInputForm() throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < RESIDUALS.length; i++) {
            records.add(json("model", "house-prices", "ts", T0 + i * 1000, "prediction", 100.0,
                    "label", 100 + RESIDUALS[i]));
            records.add(json("model", "house-prices", "ts", Instant.ofEpochMilli(T0 + MINUTE + i * 1000).toString(),
                    "prediction", 100.0, "label", 100 + RESIDUALS_WITH_OUTLIER[i]));
        }
        records.add(json("model", "house-prices", "version", "v2", "segment", "country=TW", "ts", T0,
                "prediction", 1.0, "label", 4.0));
        for (int i = 0; i < CHURN_LABELS.length; i++) {
            records.add(json("model", "churn-calibrated", "ts", T0 + i, "probability", CALIBRATED[i],
                    "label", CHURN_LABELS[i] == 1));
            records.add(json("model", "churn-overconfident", "ts", T0 + i, "probability", OVERCONFIDENT[i],
                    "label", CHURN_LABELS[i]));
        }
        for (double p : UNLABELLED_CALIBRATED) {
            records.add(json("model", "churn-calibrated", "ts", T0 + 100, "probability", p));
        }
        for (int i = 0; i < FRAUD_LOGITS.length; i++) {
            records.add(json("model", "fraud-logits", "ts", T0 + i, "logits", FRAUD_LOGITS[i], "label", FRAUD_LABELS[i]));
        }
        for (int i = 0; i < LECTURE_TARGETS.length; i++) {
            records.add(json("model", "gender-array", "ts", T0 + i, "probabilities", LECTURE_MODEL_1[i],
                    "label", LECTURE_TARGETS[i]));
            Map<String, Double> asObject = new java.util.LinkedHashMap<>();
            for (int c = 0; c < GENDERS.length; c++) {
                asObject.put(GENDERS[c], LECTURE_MODEL_2[i][c]);
            }
            records.add(json("model", "gender-object", "ts", T0 + i, "probabilities", asObject,
                    "label", GENDERS[LECTURE_TARGETS[i]]));
        }
        for (int i = 0; i < ANIMAL_TARGETS.length; i++) {
            records.add(json("model", "animals-named", "ts", T0 + i, "logits", ANIMAL_LOGITS[i], "classes", ANIMALS,
                    "label", ANIMALS[ANIMAL_TARGETS[i]]));
        }
        for (int i = 0; i < WEIGHTS.length; i++) {
            records.add(json("model", "weighted-regression", "ts", T0 + i, "prediction", 0.0,
                    "label", WEIGHTED_LABELS[i], "weight", WEIGHTS[i]));
        }

        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, records);
        LossMonitorJob.run(TestJobs.bounded(topics));

        outputs = AggregateRecords.read(topics.output());
        byModel = outputs.stream().collect(Collectors.groupingBy(Output::model));
        assertThat(KafkaTestBroker.readAll(topics.deadLetters())).as("every fixture is valid").isEmpty();
    }

    @Test
    void exactlyOneAggregatePerModelVersionSegmentAndWindow() {
        assertThat(outputs).extracting(o -> AggregateRecords.identity(o.value())).doesNotHaveDuplicates();
        assertThat(byModel.keySet()).containsExactlyInAnyOrder("house-prices", "churn-calibrated",
                "churn-overconfident", "fraud-logits", "gender-array", "gender-object", "animals-named",
                "weighted-regression");
        assertThat(byModel.get("house-prices")).as("two windows of v=null, one of v2/country=TW").hasSize(3);
        assertThat(outputs).as("Kafka key is the model").allSatisfy(o -> assertThat(o.key()).isEqualTo(o.model()));
        assertThat(outputs).extracting(o -> o.value().get("revision").asInt()).containsOnly(0);
    }

    @Test
    void regressionMatchesTheLectureTable() {
        JsonNode first = aggregate("house-prices", null, T0);
        assertThat(first.get("task").asText()).isEqualTo("regression");
        assertThat(first.get("window_start").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(first.get("window_end").asText()).isEqualTo("2026-11-28T10:01:00Z");
        assertThat(first.get("count").asLong()).isEqualTo(5);
        assertThat(first.get("weight_sum").asDouble()).isEqualTo(5.0);
        assertClose(first, "mae", 6.0);
        assertClose(first, "mse", 50.0);
        assertClose(first, "rmse", Math.sqrt(50.0));
        assertClose(first, "huber", 5.6);
        assertThat(first.get("mean_error").asDouble()).isCloseTo(0.0, within(1e-12));
        double[] absolute = java.util.Arrays.stream(RESIDUALS).map(Math::abs).toArray();
        assertStderr(first, "mae", standardError(absolute, ones(5)));
        for (String notRegression : new String[] {"error_rate", "accuracy", "cross_entropy", "focal_loss", "brier",
                "entropy", "confidence"}) {
            assertThat(first.get(notRegression).isNull()).as(notRegression + " is null for a regressor").isTrue();
        }
        assertThat(first.get("stderr").has("rmse")).as("rmse has no standard error").isFalse();
        assertThat(first.get("params").get("huber_delta").asDouble()).isEqualTo(1.0);
        assertThat(first.get("params").get("epsilon").asDouble()).isEqualTo(1e-15);
        assertThat(first.get("prediction_mean").asDouble()).isEqualTo(100.0);

        JsonNode outlier = aggregate("house-prices", null, T0 + MINUTE);
        assertClose(outlier, "mae", 24.0);
        assertClose(outlier, "rmse", Math.sqrt(2030.0));
        assertClose(outlier, "huber", 23.6);

        JsonNode segmented = aggregate("house-prices", "v2", T0);
        assertThat(segmented.get("segment").asText()).isEqualTo("country=TW");
        assertClose(segmented, "mse", 9.0);
    }

    @Test
    void sameAccuracyDifferentCrossEntropy() {
        JsonNode calibrated = aggregate("churn-calibrated", null, T0);
        JsonNode overconfident = aggregate("churn-overconfident", null, T0);
        for (JsonNode a : List.of(calibrated, overconfident)) {
            assertThat(a.get("task").asText()).isEqualTo("binary");
            assertClose(a, "error_rate", 0.25);
            assertClose(a, "accuracy", 0.75);
        }
        assertBinaryMatchesReference(calibrated, CALIBRATED);
        assertBinaryMatchesReference(overconfident, OVERCONFIDENT);
        assertThat(overconfident.get("cross_entropy").asDouble()).as("over-confidence costs log loss")
                .isGreaterThan(2 * calibrated.get("cross_entropy").asDouble());

        assertThat(calibrated.get("count").asLong()).isEqualTo(8);
        assertThat(calibrated.get("predictions").asLong()).as("unlabelled predictions count too").isEqualTo(10);
        assertClose(calibrated, "label_coverage", 0.8);
        double[] all = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(CALIBRATED),
                java.util.Arrays.stream(UNLABELLED_CALIBRATED)).toArray();
        assertClose(calibrated, "entropy", weightedMean(entropy(binaryRows(all)), ones(all.length)));
        assertClose(calibrated, "confidence", weightedMean(
                java.util.Arrays.stream(all).map(p -> Math.max(p, 1 - p)).toArray(), ones(all.length)));
    }

    @Test
    void binaryLogitsStayInLogSpace() {
        JsonNode fraud = aggregate("fraud-logits", null, T0);
        double[] bce = new double[FRAUD_LOGITS.length];
        double[] p = new double[FRAUD_LOGITS.length];
        for (int i = 0; i < bce.length; i++) {
            double x = FRAUD_LOGITS[i];
            bce[i] = Math.max(x, 0) - x * FRAUD_LABELS[i] + Math.log1p(Math.exp(-Math.abs(x)));
            p[i] = ReferenceMetrics.sigmoid(x);
        }
        assertClose(fraud, "cross_entropy", weightedMean(bce, ones(4)));
        assertThat(bce[0]).as("the -60 logit on a positive costs 60 nats").isCloseTo(60.0, within(1e-9));
        assertClose(fraud, "brier", weightedMean(brierBinary(p, FRAUD_LABELS), ones(4)));
        // torchvision sigmoid_focal_loss: alpha_t * BCE-with-logits * (1 - p_t)^gamma, with no clipping
        double[] focal = new double[bce.length];
        for (int i = 0; i < bce.length; i++) {
            int y = FRAUD_LABELS[i];
            double pT = p[i] * y + (1 - p[i]) * (1 - y);
            focal[i] = (0.25 * y + 0.75 * (1 - y)) * bce[i] * Math.pow(1 - pT, 2);
        }
        assertClose(fraud, "focal_loss", weightedMean(focal, ones(4)));
        assertClose(fraud, "error_rate", 0.5);
        assertThat(fraud.get("clipped").asLong()).as("logits are never clipped").isZero();
    }

    @Test
    void multiclassArraysObjectsAndNamedClasses() {
        assertMulticlassMatchesReference(aggregate("gender-array", null, T0), LECTURE_MODEL_1, LECTURE_TARGETS);
        assertMulticlassMatchesReference(aggregate("gender-object", null, T0), LECTURE_MODEL_2, LECTURE_TARGETS);
        assertClose(aggregate("gender-array", null, T0), "error_rate", 0.25);
        assertClose(aggregate("gender-object", null, T0), "error_rate", 0.25);

        double[][] softmax = java.util.Arrays.stream(ANIMAL_LOGITS).map(ReferenceMetrics::softmax)
                .toArray(double[][]::new);
        JsonNode animals = aggregate("animals-named", null, T0);
        assertThat(animals.get("task").asText()).isEqualTo("multiclass");
        assertMulticlassMatchesReference(animals, softmax, ANIMAL_TARGETS);
    }

    @Test
    void weightedEventsGiveWeightedMeansAndKishStandardErrors() {
        JsonNode weighted = aggregate("weighted-regression", null, T0);
        double[] squared = java.util.Arrays.stream(WEIGHTED_LABELS).map(y -> y * y).toArray();
        assertThat(weighted.get("weight_sum").asDouble()).isEqualTo(10.0);
        assertClose(weighted, "mse", 10.0);
        assertClose(weighted, "mse", weightedMean(squared, WEIGHTS));
        assertStderr(weighted, "mse", standardError(squared, WEIGHTS));
        assertClose(weighted, "mae", 3.0);
    }

    @Test
    void calibrationRankingQuantilesAndPerClassFieldsReachTheTopic() {
        JsonNode calibrated = aggregate("churn-calibrated", null, T0);
        JsonNode overconfident = aggregate("churn-overconfident", null, T0);
        double[] w = ones(CHURN_LABELS.length);
        for (JsonNode a : List.of(calibrated, overconfident)) {
            double[] p = a == calibrated ? CALIBRATED : OVERCONFIDENT;
            double[] reference = ReferenceMetrics.calibration(binaryRows(p), CHURN_LABELS, w);
            assertClose(a, "ece", reference[0]);
            JsonNode bins = a.get("reliability");
            assertThat(bins.size()).as("15 reliability bins").isEqualTo(15);
            for (int b = 0; b < 15; b++) {
                JsonNode bin = bins.get(b);
                assertThat(bin.get("count").asLong()).isEqualTo((long) reference[1 + 4 * b]);
                if (reference[2 + 4 * b] == 0) {
                    assertThat(bin.get("confidence").isNull()).as("an empty bin's confidence is null").isTrue();
                } else {
                    assertThat(bin.get("accuracy").asDouble()).isCloseTo(reference[4 + 4 * b], within(1e-12));
                }
            }
            assertClose(a, "roc_auc", ReferenceMetrics.rocAuc(p, CHURN_LABELS, w));
            assertClose(a, "average_precision", ReferenceMetrics.averagePrecision(p, CHURN_LABELS, w));
            assertClose(a, "precision", ReferenceMetrics.precision(p, CHURN_LABELS, w));
            assertClose(a, "recall", ReferenceMetrics.recall(p, CHURN_LABELS, w));
            assertClose(a, "f1", ReferenceMetrics.f1(p, CHURN_LABELS, w));
            double[] crossEntropy = logLoss(binaryRows(p), CHURN_LABELS);
            // Quantile sketches keep 32-bit floats.
            assertThat(a.get("cross_entropy_p50").asDouble()).isEqualTo((float) quantile(crossEntropy, 0.5));
            assertThat(a.get("cross_entropy_p99").asDouble()).isEqualTo((float) quantile(crossEntropy, 0.99));
            assertThat(a.get("per_class").isNull()).as("per_class is multi-class").isTrue();
        }

        JsonNode animals = aggregate("animals-named", null, T0);
        assertThat(animals.get("per_class").fieldNames()).toIterable().containsExactly("cat", "dog", "bird");
        // Logits argmax: cat, bird, dog; labels: cat, bird, dog: every class right once.
        for (String name : ANIMALS) {
            JsonNode c = animals.get("per_class").get(name);
            assertThat(c.get("support").asDouble()).isEqualTo(1.0);
            assertThat(c.get("f1").asDouble()).isEqualTo(1.0);
        }
        assertClose(animals, "macro_f1", 1.0);
        assertThat(animals.get("roc_auc").isNull()).as("roc_auc is binary").isTrue();

        JsonNode houses = aggregate("house-prices", null, T0);
        double[] y = java.util.Arrays.stream(RESIDUALS).map(r -> 100 + r).toArray();
        double[] yHat = {100, 100, 100, 100, 100};
        assertClose(houses, "r2", ReferenceMetrics.r2(y, yHat, ones(5)));
        assertClose(houses, "mape", ReferenceMetrics.mape(y, yHat, ones(5)));
        assertClose(houses, "abs_error_p50", 5.0);
        assertClose(houses, "abs_error_p90", 10.0);
        assertThat(houses.get("reliability").isNull()).isTrue();
    }

    /** The smallest value whose share of the values at or below it reaches the rank, as KLL's inclusive quantile. */
    private static double quantile(double[] values, double rank) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.ceil(rank * sorted.length) - 1];
    }

    private static void assertBinaryMatchesReference(JsonNode a, double[] p) {
        double[][] rows = binaryRows(p);
        double[] w = ones(p.length);
        assertClose(a, "cross_entropy", weightedMean(logLoss(rows, CHURN_LABELS), w));
        assertStderr(a, "cross_entropy", standardError(logLoss(rows, CHURN_LABELS), w));
        assertClose(a, "brier", weightedMean(brierBinary(p, CHURN_LABELS), w));
        assertClose(a, "focal_loss", weightedMean(binaryFocal(p, CHURN_LABELS, 2.0, 0.25), w));
        assertStderr(a, "error_rate", standardError(errors(rows, CHURN_LABELS), w));
    }

    private static void assertMulticlassMatchesReference(JsonNode a, double[][] probabilities, int[] labels) {
        double[] w = ones(labels.length);
        assertClose(a, "cross_entropy", weightedMean(logLoss(probabilities, labels), w));
        assertClose(a, "brier", weightedMean(brier(probabilities, labels), w));
        assertClose(a, "focal_loss", weightedMean(focal(probabilities, labels, 2.0), w));
        assertClose(a, "error_rate", weightedMean(errors(probabilities, labels), w));
        assertStderr(a, "brier", standardError(brier(probabilities, labels), w));
        assertClose(a, "entropy", weightedMean(entropy(probabilities), w));
    }

    private static double[] brierBinary(double[] p, int[] labels) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (p[i] - labels[i]) * (p[i] - labels[i]);
        }
        return out;
    }

    private static JsonNode aggregate(String model, String version, long windowStart) {
        String start = Instant.ofEpochMilli(windowStart).toString();
        List<JsonNode> matching = byModel.getOrDefault(model, List.of()).stream()
                .map(Output::value)
                .filter(a -> a.get("window_start").asText().equals(start))
                .filter(a -> version == null ? a.get("version").isNull() : version.equals(a.get("version").asText()))
                .toList();
        assertThat(matching).as("aggregates of %s %s at %s", model, version, start).hasSize(1);
        return matching.get(0);
    }

    private static void assertClose(JsonNode a, String field, double expected) {
        assertThat(a.get(field).isNumber()).as("%s of %s is a number", field, a.get("model")).isTrue();
        assertThat(a.get(field).asDouble()).as("%s of %s", field, a.get("model"))
                .isCloseTo(expected, within(RELATIVE * Math.abs(expected) + 1e-15));
    }

    private static void assertStderr(JsonNode a, String field, double expected) {
        assertThat(a.get("stderr").get(field).asDouble()).as("stderr of %s of %s", field, a.get("model"))
                .isCloseTo(expected, within(RELATIVE * Math.abs(expected) + 1e-15));
    }
}

package io.lossmonitor.aggregate;

import static io.lossmonitor.aggregate.ConfusionAndFitMetricsTest.event;
import static io.lossmonitor.aggregate.ConfusionAndFitMetricsTest.inPartials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.io.VectorReduction;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.TripletDistance;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.testing.ReferenceMetrics;
import io.lossmonitor.window.ModelKey;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

/**
 * The triplet and pair metrics of weighted events, from a window's accumulator split in partials and merged, against
 * PyTorch's definitions written in {@link ReferenceMetrics}: each distance, given distances, unlabelled pairs.
 */
class EmbeddingMetricsTest {

    private static final ModelKey TRIPLETS = new ModelKey("m", null, null, Task.TRIPLET);
    private static final ModelKey PAIRS = new ModelKey("m", null, null, Task.PAIR);
    private static final int DIMENSIONS = 16;
    /** Means of a few hundred doubles summed in another order. */
    private static final double TOLERANCE = 1e-12;
    /** KLL's rank error at the sketch's size, with a margin for the 32-bit floats it keeps. */
    private static final double RANK_TOLERANCE = 0.02;

    /** Triplets of {@link #DIMENSIONS} dimensions: positives near the anchor, negatives a little further on average. */
    private record Triplets(double[][] anchors, double[][] positives, double[][] negatives, double[] weights) {
        static Triplets random(int n, long seed) {
            Random random = new Random(seed);
            double[][] a = new double[n][];
            double[][] p = new double[n][];
            double[][] ng = new double[n][];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = random.doubles(DIMENSIONS, -1, 1).toArray();
                p[i] = near(a[i], 0.4, random);
                ng[i] = near(a[i], 0.6, random);
                w[i] = 1 + random.nextInt(3);
            }
            return new Triplets(a, p, ng, w);
        }

        double[] distances(ToDoubleBiFunction<double[], double[]> d, double[][] others) {
            double[] out = new double[anchors.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = d.applyAsDouble(anchors[i], others[i]);
            }
            return out;
        }
    }

    @Test
    void weightedTripletsMatchPyTorchsTripletMarginLossInEachDistance() throws Exception {
        Triplets t = Triplets.random(600, 5);
        for (TripletDistance distance : TripletDistance.values()) {
            ToDoubleBiFunction<double[], double[]> reference = switch (distance) {
                case EUCLIDEAN -> ReferenceMetrics::pairwiseDistance;
                case SQUARED -> ReferenceMetrics::squaredDistance;
                case COSINE -> (x, y) -> 1 - ReferenceMetrics.embeddingCosine(x, y);
            };
            double margin = distance == TripletDistance.SQUARED ? 0.5 : 0.2;
            LossParameters params = params(distance, margin);
            PredictionEvent[] events = new PredictionEvent[t.anchors.length];
            for (int i = 0; i < events.length; i++) {
                events[i] = event(Task.TRIPLET, t.weights[i]);
                events[i].vectors = new double[][] {t.anchors[i], t.positives[i], t.negatives[i]};
                VectorReduction.reduce(events[i], params.embedding());
                assertThat(events[i].vectors).as("the vectors are dropped once reduced").isNull();
            }
            LossAggregate window = inPartials(events, TRIPLETS, params);

            double[] dp = t.distances(reference, t.positives);
            double[] dn = t.distances(reference, t.negatives);
            assertTriplets(window, distance.optionName(), dp, dn, t.weights, margin);
        }
    }

    @Test
    void tripletsGivenByTheirDistancesAreTakenAsGivenWhateverTheDistanceOption() {
        double[] dp = {0.2, 1.5, 0.7, 3.0};
        double[] dn = {0.9, 1.0, 0.7, 0.1};
        double[] w = {1, 2, 0.5, 1};
        PredictionEvent[] events = new PredictionEvent[dp.length];
        for (int i = 0; i < dp.length; i++) {
            events[i] = event(Task.TRIPLET, w[i]);
            events[i].scores = new double[] {dp[i], dn[i]};
        }
        LossAggregate window = inPartials(events, TRIPLETS, params(TripletDistance.COSINE, 1.0));

        assertTriplets(window, "given distances", dp, dn, w, 1.0);
        assertThat(window.value(Metric.TRIPLET_ERROR_RATE)).as("three of four wrong (a tie counts), weighted")
                .isCloseTo((2 + 0.5 + 1) / 4.5, within(TOLERANCE));
    }

    @Test
    void weightedPairsMatchPyTorchsCosineEmbeddingLossAndUnlabelledOnesCountAsPredictionsOnly() throws Exception {
        Random random = new Random(11);
        int n = 500;
        double margin = 0.1;
        double threshold = 0.3;
        LossParameters params = new LossParameters(1.0, 2.0, 0.25, 1e-15, 100,
                new EmbeddingParameters(TripletDistance.EUCLIDEAN, 1.0, margin, threshold, 4096));
        double[] cos = new double[n];
        int[] y = new int[n];
        double[] w = new double[n];
        PredictionEvent[] events = new PredictionEvent[n + 50];
        for (int i = 0; i < n; i++) {
            double[] x1 = random.doubles(DIMENSIONS, -1, 1).toArray();
            y[i] = random.nextBoolean() ? 1 : -1;
            double[] x2 = near(x1, y[i] == 1 ? 0.5 : 1.5, random);
            cos[i] = ReferenceMetrics.embeddingCosine(x1, x2);
            w[i] = 0.5 + random.nextInt(4);
            events[i] = event(Task.PAIR, w[i]);
            events[i].label = y[i];
            events[i].vectors = new double[][] {x1, x2};
            VectorReduction.reduce(events[i], params.embedding());
        }
        for (int i = n; i < events.length; i++) {
            events[i] = event(Task.PAIR, 1.0);
            events[i].labelled = false;
            events[i].score = 0.9;
        }
        LossAggregate window = inPartials(events, PAIRS, params);

        double[] losses = ReferenceMetrics.cosineEmbeddingLoss(cos, y, margin);
        assertThat(window.value(Metric.COSINE_EMBEDDING_LOSS))
                .isCloseTo(ReferenceMetrics.weightedMean(losses, w), within(TOLERANCE));
        assertThat(window.standardError(Metric.COSINE_EMBEDDING_LOSS))
                .isCloseTo(ReferenceMetrics.standardError(losses, w), within(TOLERANCE));
        double[] wrong = ReferenceMetrics.indicator(n, i -> (cos[i] >= threshold) != (y[i] == 1));
        assertThat(window.value(Metric.PAIR_ERROR_RATE)).isCloseTo(ReferenceMetrics.weightedMean(wrong, w),
                within(TOLERANCE));
        assertThat(window.value(Metric.COSINE_SIMILARITY_SIMILAR))
                .isCloseTo(ReferenceMetrics.weightedMeanOfLabel(cos, y, w, 1), within(TOLERANCE)).isGreaterThan(0.5);
        assertThat(window.value(Metric.COSINE_SIMILARITY_DISSIMILAR))
                .isCloseTo(ReferenceMetrics.weightedMeanOfLabel(cos, y, w, -1), within(TOLERANCE)).isLessThan(0.5);
        for (int label : new int[] {1, -1}) {
            int kind = label;
            double[] ofKind = java.util.stream.IntStream.range(0, n).filter(i -> y[i] == kind).mapToDouble(i -> cos[i])
                    .toArray();
            double[] weightsOfKind = java.util.stream.IntStream.range(0, n).filter(i -> y[i] == kind)
                    .mapToDouble(i -> w[i]).toArray();
            Metric metric = label == 1 ? Metric.COSINE_SIMILARITY_SIMILAR : Metric.COSINE_SIMILARITY_DISSIMILAR;
            assertThat(window.standardError(metric)).as("stderr of %s: a weighted mean over its own pairs", metric)
                    .isCloseTo(ReferenceMetrics.standardError(ofKind, weightsOfKind), within(TOLERANCE));
        }
        assertThat(window.predictions).isEqualTo(n + 50);
        assertThat(window.count).as("only labelled pairs have losses").isEqualTo(n);
        assertThat(window.value(Metric.LABEL_COVERAGE)).isCloseTo(n / (n + 50.0), within(TOLERANCE));
        assertThat(window.value(Metric.TRIPLET_LOSS)).as("a triplet metric").isNaN();
        assertThat(window.value(Metric.MSE)).as("a regression metric").isNaN();
    }

    private static void assertTriplets(LossAggregate window, String what, double[] dp, double[] dn, double[] w,
                                       double margin) {
        int n = dp.length;
        double[] losses = ReferenceMetrics.tripletLoss(dp, dn, margin);
        assertThat(window.value(Metric.TRIPLET_LOSS)).as(what)
                .isCloseTo(ReferenceMetrics.weightedMean(losses, w), within(TOLERANCE));
        assertThat(window.standardError(Metric.TRIPLET_LOSS)).as(what)
                .isCloseTo(ReferenceMetrics.standardError(losses, w), within(TOLERANCE));
        assertThat(window.value(Metric.TRIPLET_ERROR_RATE)).as(what).isCloseTo(
                ReferenceMetrics.weightedMean(ReferenceMetrics.indicator(n, i -> dp[i] >= dn[i]), w), within(TOLERANCE));
        assertThat(window.value(Metric.TRIPLET_ACTIVE_RATE)).as(what).isCloseTo(
                ReferenceMetrics.weightedMean(ReferenceMetrics.indicator(n, i -> losses[i] > 0), w), within(TOLERANCE));
        assertThat(window.value(Metric.DISTANCE_POSITIVE)).as(what)
                .isCloseTo(ReferenceMetrics.weightedMean(dp, w), within(TOLERANCE));
        assertThat(window.value(Metric.DISTANCE_NEGATIVE)).as(what)
                .isCloseTo(ReferenceMetrics.weightedMean(dn, w), within(TOLERANCE));
        assertThat(window.standardError(Metric.DISTANCE_NEGATIVE)).as(what)
                .isCloseTo(ReferenceMetrics.standardError(dn, w), within(TOLERANCE));
        assertRank(window.value(Metric.TRIPLET_LOSS_P50), 0.5, losses, w, what);
        assertRank(window.value(Metric.TRIPLET_LOSS_P90), 0.9, losses, w, what);
        assertRank(window.value(Metric.TRIPLET_LOSS_P99), 0.99, losses, w, what);
        assertThat(window.count).as("%s: a triplet carries its own supervision", what).isEqualTo(n);
        assertThat(window.predictions).isEqualTo(n);
        assertThat(window.value(Metric.CROSS_ENTROPY)).as("a classifier metric").isNaN();
        assertThat(window.value(Metric.COSINE_EMBEDDING_LOSS)).as("a pair metric").isNaN();
    }

    /** The weighted share of losses below and at {@code value} brackets {@code rank}, within the sketch's error. */
    private static void assertRank(double value, double rank, double[] losses, double[] w, String what) {
        double below = 0;
        double atOrBelow = 0;
        double total = 0;
        for (int i = 0; i < losses.length; i++) {
            total += w[i];
            if (losses[i] < value - 1e-6 * Math.abs(value)) {
                below += w[i];
            }
            if (losses[i] <= value + 1e-6 * Math.abs(value)) {
                atOrBelow += w[i];
            }
        }
        assertThat(below / total).as("%s: share below the %s quantile %s", what, rank, value)
                .isLessThanOrEqualTo(rank + RANK_TOLERANCE);
        assertThat(atOrBelow / total).as("%s: share at or below the %s quantile %s", what, rank, value)
                .isGreaterThanOrEqualTo(rank - RANK_TOLERANCE);
    }

    private static LossParameters params(TripletDistance distance, double margin) {
        return new LossParameters(1.0, 2.0, 0.25, 1e-15, 100, new EmbeddingParameters(distance, margin, 0.0, 0.5,
                4096));
    }

    private static double[] near(double[] x, double spread, Random random) {
        double[] out = new double[x.length];
        for (int d = 0; d < x.length; d++) {
            out[d] = x[d] + spread * random.nextGaussian();
        }
        return out;
    }
}

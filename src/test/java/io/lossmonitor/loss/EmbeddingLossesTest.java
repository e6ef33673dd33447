package io.lossmonitor.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The embedding losses against PyTorch's documented definitions, written here: {@code pairwise_distance(x1, x2,
 * p=2, eps=1e-6)} = ‖x1 − x2 + eps‖₂ (eps added to every difference), {@code TripletMarginLoss} = max(d(a,p) −
 * d(a,n) + margin, 0), {@code cosine_embedding_loss}'s cos = x1·x2 / √((‖x1‖² + 1e-12)(‖x2‖² + 1e-12)), and
 * {@code CosineEmbeddingLoss} = 1 − cos (y = 1), max(0, cos − margin) (y = −1).
 */
class EmbeddingLossesTest {

    private static final MathContext EXACT = MathContext.DECIMAL128;

    @Test
    void pairwiseDistanceAddsEpsilonToEveryDifferenceAsPyTorchDoes() {
        double[] x = {1, 2, 3};
        double[] y = {4, 6, 8};
        // (−3 + 1e-6)² + (−4 + 1e-6)² + (−5 + 1e-6)² = 50 − 24e-6 + 3e-12
        assertThat(EmbeddingVectors.euclidean(x, y)).isCloseTo(Math.sqrt(49.999976000003), within(1e-13));
        assertThat(EmbeddingVectors.euclidean(y, x)).as("the ε makes the distance not quite symmetric")
                .isCloseTo(Math.sqrt(50.000024000003), within(1e-13));
    }

    @Test
    void identicalVectorsAreTheSquareRootOfTheirDimensionTimesEpsilonApart() {
        assertThat(EmbeddingVectors.euclidean(new double[] {0.3}, new double[] {0.3})).isCloseTo(1e-6, within(1e-20));
        double[] v = new Random(1).doubles(4096).toArray();
        assertThat(EmbeddingVectors.euclidean(v, v.clone())).as("√4096 · 1e-6").isCloseTo(64e-6, within(1e-18));
        assertThat(EmbeddingVectors.squaredEuclidean(v, v.clone())).isZero();
    }

    @Test
    void aTripletOfThreeIdenticalVectorsCostsTheMarginAndCountsAsWrong() {
        double[] v = {0.5, -1.5, 2.0};
        for (TripletDistance distance : TripletDistance.values()) {
            double dp = distance.between(v, v);
            double dn = distance.between(v, v);
            assertThat(TripletLoss.of(dp, dn, 1.0)).as(distance.optionName()).isEqualTo(1.0);
            assertThat(TripletLoss.wrong(dp, dn)).as("%s: a tie is a mistake", distance.optionName()).isTrue();
        }
    }

    @Test
    void tripletLossOfEachDistanceMatchesItsDefinition() {
        double[] a = {0, 0};
        double[] p = {3, 4};
        double[] n = {6, 8};
        assertThat(TripletDistance.SQUARED.between(a, p)).isEqualTo(25.0);
        assertThat(TripletLoss.of(TripletDistance.SQUARED.between(a, p), TripletDistance.SQUARED.between(a, n), 1.0))
                .as("max(25 − 100 + 1, 0)").isZero();
        double dp = Math.sqrt((-3 + 1e-6) * (-3 + 1e-6) + (-4 + 1e-6) * (-4 + 1e-6));
        double dn = Math.sqrt((-6 + 1e-6) * (-6 + 1e-6) + (-8 + 1e-6) * (-8 + 1e-6));
        assertThat(TripletLoss.of(TripletDistance.EUCLIDEAN.between(a, p), TripletDistance.EUCLIDEAN.between(a, n),
                6.0)).as("max(≈5 − ≈10 + 6, 0)").isCloseTo(dp - dn + 6.0, within(1e-12));
        double[] orthogonal = {-4, 3};
        assertThat(TripletDistance.COSINE.between(p, orthogonal)).as("1 − 0").isCloseTo(1.0, within(1e-15));
        assertThat(TripletDistance.COSINE.between(p, n)).as("parallel vectors").isCloseTo(0.0, within(1e-12));
        assertThat(TripletLoss.of(TripletDistance.COSINE.between(p, orthogonal), TripletDistance.COSINE.between(p, n),
                0.2)).as("the negative is parallel, the positive orthogonal: 1 − 0 + 0.2").isCloseTo(1.2, within(1e-12));
    }

    @Test
    void cosineOfOrthogonalOppositeAndOneDimensionalVectors() {
        assertThat(EmbeddingVectors.cosine(new double[] {1, 0, 0}, new double[] {0, 5, 0})).isZero();
        assertThat(EmbeddingVectors.cosine(new double[] {1, 2}, new double[] {-2, -4}))
                .isCloseTo(-10 / Math.sqrt((5 + 1e-12) * (20 + 1e-12)), within(1e-15));
        assertThat(EmbeddingVectors.cosine(new double[] {2}, new double[] {-3}))
                .as("1-dimensional: the product of the signs, less the ε")
                .isCloseTo(-6 / Math.sqrt((4 + 1e-12) * (9 + 1e-12)), within(1e-15)).isGreaterThan(-1.0);
    }

    @Test
    void cosineOfTinyVectorsShowsWhereTheEpsilonSits() {
        // ‖x‖² = 1e-12 is as large as the ε: 1e-12 / √((1e-12 + 1e-12)²) = ½, as PyTorch's cosine_embedding_loss has it.
        assertThat(EmbeddingVectors.cosine(new double[] {1e-6}, new double[] {1e-6})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void distancesAndCosineOf4096DimensionsMatchAnExactSum() {
        Random random = new Random(4096);
        double[] x = random.doubles(4096, -1, 1).toArray();
        double[] y = random.doubles(4096, -1, 1).toArray();
        BigDecimal shifted = BigDecimal.ZERO;
        BigDecimal squared = BigDecimal.ZERO;
        BigDecimal dot = BigDecimal.ZERO;
        BigDecimal xx = BigDecimal.ZERO;
        BigDecimal yy = BigDecimal.ZERO;
        BigDecimal eps = new BigDecimal("1e-6");
        for (int i = 0; i < x.length; i++) {
            BigDecimal xi = new BigDecimal(x[i]);
            BigDecimal yi = new BigDecimal(y[i]);
            BigDecimal d = xi.subtract(yi);
            shifted = shifted.add(d.add(eps).pow(2), EXACT);
            squared = squared.add(d.pow(2), EXACT);
            dot = dot.add(xi.multiply(yi), EXACT);
            xx = xx.add(xi.pow(2), EXACT);
            yy = yy.add(yi.pow(2), EXACT);
        }
        BigDecimal cosEps = new BigDecimal("1e-12");
        double cosine = dot.divide(xx.add(cosEps).multiply(yy.add(cosEps)).sqrt(EXACT), EXACT).doubleValue();

        assertThat(EmbeddingVectors.euclidean(x, y)).isCloseTo(shifted.sqrt(EXACT).doubleValue(), within(1e-11));
        assertThat(EmbeddingVectors.squaredEuclidean(x, y)).isCloseTo(squared.doubleValue(), within(1e-9));
        assertThat(EmbeddingVectors.cosine(x, y)).isCloseTo(cosine, within(1e-13));
    }

    @Test
    void vectorsWhoseSquaredNormsOverflowStillHaveTheirFiniteDistanceAndCosine() {
        Random random = new Random(200);
        double[] x = random.doubles(64, -1, 1).map(c -> c * 1e200).toArray();
        double[] y = random.doubles(64, -1, 1).map(c -> c * 1e200).toArray();
        BigDecimal shifted = BigDecimal.ZERO;
        BigDecimal dot = BigDecimal.ZERO;
        BigDecimal xx = BigDecimal.ZERO;
        BigDecimal yy = BigDecimal.ZERO;
        BigDecimal eps = new BigDecimal("1e-6");
        for (int i = 0; i < x.length; i++) {
            BigDecimal xi = new BigDecimal(x[i]);
            BigDecimal yi = new BigDecimal(y[i]);
            shifted = shifted.add(xi.subtract(yi).add(eps).pow(2), EXACT);
            dot = dot.add(xi.multiply(yi), EXACT);
            xx = xx.add(xi.pow(2), EXACT);
            yy = yy.add(yi.pow(2), EXACT);
        }
        BigDecimal cosEps = new BigDecimal("1e-12");
        double distance = shifted.sqrt(EXACT).doubleValue();
        double cosine = dot.divide(xx.add(cosEps).multiply(yy.add(cosEps)).sqrt(EXACT), EXACT).doubleValue();

        assertThat(EmbeddingVectors.euclidean(x, y)).as("components of 1e200: a plain sum of squares overflows")
                .isCloseTo(distance, withinPercentage(1e-10));
        assertThat(EmbeddingVectors.cosine(x, y)).isCloseTo(cosine, within(1e-13));
        assertThat(EmbeddingVectors.squaredEuclidean(x, y)).as("beyond the largest double")
                .isEqualTo(Double.POSITIVE_INFINITY);
        double[] largest = {Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] opposite = {-Double.MAX_VALUE, Double.MAX_VALUE};
        assertThat(EmbeddingVectors.cosine(largest, opposite)).isEqualTo(-1.0);
        assertThat(EmbeddingVectors.cosine(largest, largest)).isEqualTo(1.0);
        assertThat(EmbeddingVectors.euclidean(largest, opposite)).as("a distance beyond the largest double")
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(EmbeddingVectors.euclidean(largest, largest)).isCloseTo(Math.sqrt(2) * 1e-6, within(1e-18));
    }

    @Test
    void cosineEmbeddingLossIsPyTorchs() {
        assertThat(CosineEmbeddingLoss.of(0.8, 1, 0.0)).as("similar: 1 − cos").isCloseTo(0.2, within(1e-15));
        assertThat(CosineEmbeddingLoss.of(-0.3, 1, 0.5)).as("the margin is for dissimilar pairs only")
                .isCloseTo(1.3, within(1e-15));
        assertThat(CosineEmbeddingLoss.of(0.5, -1, 0.2)).as("dissimilar: cos − m").isCloseTo(0.3, within(1e-15));
        assertThat(CosineEmbeddingLoss.of(0.1, -1, 0.2)).as("dissimilar below the margin").isZero();
        assertThat(CosineEmbeddingLoss.of(-0.9, -1, 0.0)).isZero();
    }

    @Test
    void aPairIsWrongWhenItsCosineAndItsLabelDisagree() {
        assertThat(CosineEmbeddingLoss.wrong(0.5, 1, 0.5)).as("at the threshold a pair is called similar").isFalse();
        assertThat(CosineEmbeddingLoss.wrong(0.49, 1, 0.5)).isTrue();
        assertThat(CosineEmbeddingLoss.wrong(0.5, -1, 0.5)).isTrue();
        assertThat(CosineEmbeddingLoss.wrong(-0.2, -1, 0.5)).isFalse();
    }

    @Test
    void theTripletDistanceOptionNamesEachDistance() {
        assertThat(TripletDistance.named("Euclidean")).isEqualTo(TripletDistance.EUCLIDEAN);
        assertThat(TripletDistance.named("squared")).isEqualTo(TripletDistance.SQUARED);
        assertThat(TripletDistance.named("cosine")).isEqualTo(TripletDistance.COSINE);
        assertThatThrownBy(() -> TripletDistance.named("manhattan"))
                .hasMessageContaining("must be euclidean, squared or cosine, got 'manhattan'");
    }
}

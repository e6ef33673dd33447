package io.lossmonitor.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The calibration map against isotonic regression written from its definition, and scikit-learn's interpolation. */
class IsotonicCalibrationTest {

    @Test
    void poolAdjacentViolatorsFitsAsTheMinMaxFormulaOfIsotonicRegression() {
        Random random = new Random(7);
        int n = 300;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.1 - 15;
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-x[i] / 3)) ? 1 : 0;
            w[i] = 1 + random.nextInt(4);
        }
        IsotonicCalibration fit = IsotonicCalibration.fit(x, y, w);
        CbpeReference reference = new CbpeReference(x, y, w);

        double[] fitted = fit.fitted();
        for (int i = 0; i < n; i++) {
            assertThat(fitted[i]).as("point %d", i).isCloseTo(reference.at(x[i]), within(1e-12));
            if (i > 0) {
                assertThat(fitted[i]).as("non-decreasing at %d", i).isGreaterThanOrEqualTo(fitted[i - 1]);
            }
        }
    }

    @Test
    void linearBetweenFittedPointsAndClippedOutsideAsScikitLearnOutOfBoundsClip() {
        // Points (0, 0), (1, 1) then a violator pooled with it: (1, 1) and (2, 0) become 0.5 and 0.5.
        IsotonicCalibration fit = IsotonicCalibration.fit(new double[] {0, 1, 2, 4}, new double[] {0, 1, 0, 1},
                new double[] {1, 1, 1, 1});
        assertThat(fit.fitted()).containsExactly(0, 0.5, 0.5, 1);
        assertThat(fit.at(-3)).as("clipped below").isEqualTo(0);
        assertThat(fit.at(0.5)).isCloseTo(0.25, within(1e-15));
        assertThat(fit.at(1.5)).isEqualTo(0.5);
        assertThat(fit.at(3)).isCloseTo(0.75, within(1e-15));
        assertThat(fit.at(9)).as("clipped above").isEqualTo(1);
    }

    @Test
    void infiniteScoresAreThePointsBeyondEveryFiniteOne() {
        IsotonicCalibration fit = IsotonicCalibration.fit(new double[] {Double.NEGATIVE_INFINITY, 0, 1,
            Double.POSITIVE_INFINITY}, new double[] {0, 0.2, 0.6, 1}, new double[] {1, 1, 1, 1});
        assertThat(fit.at(Double.NEGATIVE_INFINITY)).isEqualTo(0);
        assertThat(fit.at(-50)).as("flat from the nearest finite point").isEqualTo(0.2);
        assertThat(fit.at(50)).isEqualTo(0.6);
        assertThat(fit.at(Double.POSITIVE_INFINITY)).isEqualTo(1);
    }

    @Test
    void pointsOfOneScoreArePooledAndTheFitNeverThrows() {
        // The largest finite logit's cell and the cell of +∞ both sit beyond every other score; a point of a score
        // equal to another is pooled with it as its weighted mean.
        IsotonicCalibration fit = IsotonicCalibration.fit(
                new double[] {Double.MAX_VALUE, 0, Double.POSITIVE_INFINITY, -1, 0, Double.NaN},
                new double[] {1, 0.2, 0.5, 0, 0.8, 1},
                new double[] {1, 1, 3, 1, 3, 1});
        // -1: 0; 0: 0.2 and 0.8 by weights 1 and 3, 0.65; MAX and +∞: 1 and 0.5 by 1 and 3, 0.625, below 0.65, so
        // the two pool at 0.6375.
        double[] fitted = fit.fitted();
        assertThat(fitted).hasSize(3);
        assertThat(fitted[0]).isEqualTo(0);
        assertThat(fitted[1]).isCloseTo(0.6375, within(1e-15));
        assertThat(fitted[2]).isCloseTo(0.6375, within(1e-15));
        assertThat(fit.at(Double.POSITIVE_INFINITY)).isCloseTo(0.6375, within(1e-15));
    }

    @Test
    void pointsWithoutAUsableWeightOrTargetAreLeftOutAndNoPointGivesNoMap() {
        assertThat(IsotonicCalibration.fit(new double[] {0, 1}, new double[] {Double.NaN, 1},
                new double[] {1, 0})).as("nothing left to fit").isNull();
        assertThat(IsotonicCalibration.fit(new double[0], new double[0], new double[0])).isNull();
        IsotonicCalibration heavy = IsotonicCalibration.fit(new double[] {0, 1, 2}, new double[] {1, 0, 1},
                new double[] {1e300, 1e300, 1e-300});
        assertThat(heavy.fitted()).as("weights of 1e300 pool without overflowing").containsExactly(0.5, 0.5, 1);
    }
}

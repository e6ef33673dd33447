package io.lossmonitor.compare;

import io.lossmonitor.metric.Metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.compare.ConfidenceSequence.Verdict;
import io.lossmonitor.testing.PairedReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A comparison's window statistics and confidence sequence against a reference written here from their published
 * definitions (two-pass moments, the normal tail by numerical integration, the confidence sequence's formula), and
 * the sequence's error rates in a seeded simulation.
 */
class PairedComparisonStatisticsTest {

    private static final double ALPHA = 0.05;
    private static final int STREAMS = 200;
    private static final int WINDOWS = 50;
    private static final int PAIRS_PER_WINDOW = 100;

    @Test
    void windowStatisticsMatchTheTwoPassReference() {
        Random random = new Random(11);
        List<double[]> pairs = new ArrayList<>();
        PairedMoments moments = new PairedMoments();
        for (int i = 0; i < 500; i++) {
            double champion = -Math.log(random.nextDouble());
            double challenger = champion * Math.exp(0.4 * random.nextGaussian()) + 0.05;
            pairs.add(new double[] {champion, challenger});
            moments.add(champion, challenger);
        }
        PairedReference ref = reference(pairs);
        assertThat(moments.n).isEqualTo(500);
        assertThat(moments.championMean).isCloseTo(ref.championMean, within(1e-12));
        assertThat(moments.challengerMean).isCloseTo(ref.challengerMean, within(1e-12));
        assertThat(moments.mean).as("difference").isCloseTo(ref.mean, within(1e-12));
        assertThat(moments.standardError()).as("stderr = s_d/√n").isCloseTo(ref.stderr(), within(1e-12));
        assertThat(moments.ciLow()).isCloseTo(ref.mean - 1.959963984540054 * ref.stderr(), within(1e-12));
        assertThat(moments.ciHigh()).isCloseTo(ref.mean + 1.959963984540054 * ref.stderr(), within(1e-12));
        assertThat(moments.pValue()).as("two-sided normal p-value, relative 1e-8")
                .isCloseTo(ref.pValue(), within(1e-8 * ref.pValue()));
        assertThat(ConfidenceSequence.low(moments)).isCloseTo(ref.mean - ref.csHalfWidth(), within(1e-12));
        assertThat(ConfidenceSequence.high(moments)).isCloseTo(ref.mean + ref.csHalfWidth(), within(1e-12));
    }

    @Test
    void aTinyPValueKeepsItsRelativePrecision() {
        PairedMoments moments = new PairedMoments();
        Random random = new Random(3);
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            double champion = random.nextDouble();
            double challenger = champion + 0.2 + 0.5 * random.nextGaussian();
            pairs.add(new double[] {champion, challenger});
            moments.add(champion, challenger);
        }
        double expected = reference(pairs).pValue();
        assertThat(expected).as("the fixture is far in the tail").isLessThan(1e-20);
        assertThat(moments.pValue()).isCloseTo(expected, within(1e-8 * expected));
    }

    @Test
    void mergedPanesEqualOneRunOverAllPairs() {
        Random random = new Random(5);
        PairedDifferences whole = new PairedDifferences();
        PairedDifferences merged = new PairedDifferences();
        for (int pane = 0; pane < 7; pane++) {
            PairedDifferences part = new PairedDifferences();
            for (int i = 0; i < 13 * pane + 1; i++) {
                Map<String, Double> champion = binaryLosses(random);
                Map<String, Double> challenger = binaryLosses(random);
                part.add(champion, challenger);
                whole.add(champion, challenger);
            }
            merged.merge(part);
        }
        assertThat(merged.paired).isEqualTo(whole.paired);
        assertThat(merged.metrics.keySet()).containsExactlyInAnyOrder("error_rate", "cross_entropy", "focal_loss",
                "brier");
        whole.metrics.forEach((name, m) -> {
            PairedMoments other = merged.metrics.get(name);
            assertThat(other.n).isEqualTo(m.n);
            assertThat(other.mean).as("%s mean", name).isCloseTo(m.mean, within(1e-12));
            assertThat(other.m2).as("%s m2", name).isCloseTo(m.m2, within(1e-9));
            assertThat(other.championMean).isCloseTo(m.championMean, within(1e-12));
            assertThat(other.challengerMean).isCloseTo(m.challengerMean, within(1e-12));
        });
    }

    @Test
    void identicalLossesAreNoDifferenceAndAConstantShiftIsCertain() {
        PairedMoments same = new PairedMoments();
        PairedMoments shifted = new PairedMoments();
        for (int i = 0; i < 10; i++) {
            same.add(i % 2, i % 2);
            shifted.add(i, i + 1);
        }
        assertThat(same.pValue()).isEqualTo(1.0);
        assertThat(ConfidenceSequence.verdict(same, Metric.CROSS_ENTROPY)).isEqualTo(Verdict.UNDECIDED);
        assertThat(shifted.pValue()).isZero();
        assertThat(ConfidenceSequence.verdict(shifted, Metric.CROSS_ENTROPY)).isEqualTo(Verdict.WORSE);
        PairedMoments one = new PairedMoments();
        one.add(0, 5);
        assertThat(one.standardError()).as("one pair has no spread").isNaN();
        assertThat(ConfidenceSequence.verdict(one, Metric.CROSS_ENTROPY)).isEqualTo(Verdict.UNDECIDED);
    }

    @Test
    void equallyGoodModelsRarelyReachAVerdictEvenWhenWatchedAfterEveryWindow() {
        Random random = new Random(2026);
        int everDecided = 0;
        for (int stream = 0; stream < STREAMS; stream++) {
            if (watch(random, 0.0).everDecided) {
                everDecided++;
            }
        }
        assertThat(everDecided).as("null streams (of %d) that ever reached a verdict in %d windows", STREAMS, WINDOWS)
                .isLessThanOrEqualTo((int) (ALPHA * STREAMS));
    }

    @Test
    void aChallengerWorseByATenthOfANatIsDeclaredWorseInEveryStream() {
        Random random = new Random(7);
        for (int stream = 0; stream < STREAMS; stream++) {
            Watched watched = watch(random, 0.1);
            assertThat(watched.last).as("stream %d after %d windows", stream, WINDOWS).isEqualTo(Verdict.WORSE);
            assertThat(watched.everBetter).as("stream %d never says better", stream).isFalse();
        }
    }

    private record Watched(boolean everDecided, boolean everBetter, Verdict last) {}

    /**
     * One stream: per pair a shared difficulty (cross-entropy-like, exponential), each model's loss that times its
     * own log-normal noise, the challenger's shifted by {@code shift}; the verdict read after every window.
     */
    private static Watched watch(Random random, double shift) {
        PairedMoments cumulative = new PairedMoments();
        boolean everDecided = false;
        boolean everBetter = false;
        Verdict verdict = Verdict.UNDECIDED;
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < PAIRS_PER_WINDOW; i++) {
                double difficulty = -Math.log(1 - random.nextDouble());
                double champion = difficulty * Math.exp(0.3 * random.nextGaussian() - 0.045);
                double challenger = difficulty * Math.exp(0.3 * random.nextGaussian() - 0.045) + shift;
                cumulative.add(champion, challenger);
            }
            verdict = ConfidenceSequence.verdict(cumulative, Metric.CROSS_ENTROPY);
            everDecided |= verdict != Verdict.UNDECIDED;
            everBetter |= verdict == Verdict.BETTER;
        }
        return new Watched(everDecided, everBetter, verdict);
    }

    private static PairedReference reference(List<double[]> pairs) {
        return new PairedReference(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                pairs.stream().mapToDouble(p -> p[1]).toArray());
    }

    /** Per-event error rate, cross-entropy, Brier score and focal loss of a binary prediction, by name. */
    private static Map<String, Double> binaryLosses(Random random) {
        return Map.of("error_rate", (double) random.nextInt(2), "cross_entropy", random.nextDouble() * 3,
                "brier", random.nextDouble(), "focal_loss", random.nextDouble());
    }
}

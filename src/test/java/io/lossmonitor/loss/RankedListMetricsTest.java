package io.lossmonitor.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.testing.RankingReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-query ranking metrics against scikit-learn's documented {@code ndcg_score} values and against the
 * definitions of the contract written out over item names ({@link RankingReference}, tolerance 1e-12).
 */
class RankedListMetricsTest {

    private static final double EXACT = 1e-12;

    private static final ScoredEvent SCORED = new ScoredEvent();

    private static ScoredEvent score(List<String> served, Map<String, Double> gains, boolean graded, int k) {
        long[] items = served.stream().limit(k).mapToLong(RankedListMetricsTest::fingerprint).toArray();
        List<String> positive = gains.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .toList();
        long[] relevant = positive.stream().mapToLong(RankedListMetricsTest::fingerprint).toArray();
        double[] g = graded ? positive.stream().mapToDouble(gains::get).toArray() : null;
        RankedListMetrics.score(items, relevant, g, true, served.size(), k, SCORED);
        return SCORED;
    }

    /** A stand-in for the item fingerprint: any injective map of names to longs serves the formulas. */
    private static long fingerprint(String item) {
        return item.hashCode() * 0x9E37_79B9_7F4A_7C15L;
    }

    private static void assertMatches(ScoredEvent e, RankingReference r, String what) {
        assertThat(e.relevantCount()).as("%s: R", what).isEqualTo(r.relevant());
        assertThat(e.ndcg()).as("%s: ndcg", what).isCloseTo(r.ndcg(), within(EXACT));
        assertThat(e.reciprocalRank()).as("%s: reciprocal rank", what).isCloseTo(r.rr(), within(EXACT));
        assertThat(e.recall()).as("%s: recall", what).isCloseTo(r.recall(), within(EXACT));
        assertThat(e.precision()).as("%s: precision", what).isCloseTo(r.precision(), within(EXACT));
        assertThat(e.hit()).as("%s: hit", what).isEqualTo(r.hit());
        assertThat(e.averagePrecision()).as("%s: average precision", what).isCloseTo(r.ap(), within(EXACT));
        assertThat(e.labelled()).as("%s: in the means", what).isTrue();
    }

    /** scikit-learn's {@code ndcg_score} documentation: y_true [[10, 0, 0, 1, 5]] for items a to e. */
    private static final Map<String, Double> SKLEARN_GAINS = gains("a", 10, "b", 0, "c", 0, "d", 1, "e", 5);

    @Test
    void ndcgEqualsScikitLearnsDocumentedValues() {
        // Scores [.1, .2, .3, 4, 70] serve e, d, c, b, a: ndcg_score(...) = 0.69…
        List<String> first = List.of("e", "d", "c", "b", "a");
        assertThat(score(first, SKLEARN_GAINS, true, 10).ndcg()).as("documented 0.69…").isBetween(0.69, 0.70)
                .isCloseTo(0.6956940443813076, within(EXACT));
        // Scores [.05, 1.1, 1., .5, .0] serve b, c, d, a, e: 0.49…, and 0.35… with k = 4.
        List<String> second = List.of("b", "c", "d", "a", "e");
        assertThat(score(second, SKLEARN_GAINS, true, 10).ndcg()).as("documented 0.49…").isBetween(0.49, 0.50)
                .isCloseTo(0.4936801913773761, within(EXACT));
        assertThat(score(second, SKLEARN_GAINS, true, 4).ndcg()).as("documented 0.35… at k = 4")
                .isBetween(0.35, 0.36).isCloseTo(0.3520241100634489, within(EXACT));
        assertThat(score(List.of("a", "e", "d", "b", "c"), SKLEARN_GAINS, true, 4).ndcg())
                .as("the ideal order").isCloseTo(1.0, within(EXACT));
        assertMatches(score(second, SKLEARN_GAINS, true, 4), RankingReference.of(second, SKLEARN_GAINS, 4), "k = 4");
    }

    @Test
    void gradedGainsFollowTheDefinitions() {
        Map<String, Double> gains = gains("x", 3, "y", 2, "z", 1, "w", 0);
        List<String> served = List.of("a", "z", "b", "x", "y", "c");
        for (int k : new int[] {1, 2, 3, 4, 6, 10}) {
            assertMatches(score(served, gains, true, k), RankingReference.of(served, gains, k), "graded, k = " + k);
        }
    }

    @Test
    void relevantItemsThatWereNotServedLowerRecallAndTheIdealList() {
        Map<String, Double> clicks = gains("a", 1, "q", 1, "r", 1);
        List<String> served = List.of("a", "b", "c");
        ScoredEvent e = score(served, clicks, false, 10);
        assertMatches(e, RankingReference.of(served, clicks, 10), "relevant not served");
        assertThat(e.recall()).as("one of three relevant items served").isCloseTo(1.0 / 3, within(EXACT));
        assertThat(e.ndcg()).as("IDCG counts the three relevant items").isCloseTo(1.0 / (1 + 1 / log2(3) + 0.5),
                within(EXACT));
        assertThat(e.averagePrecision()).as("AP@k divides by min(k, R) = 3").isCloseTo(1.0 / 3, within(EXACT));
    }

    @Test
    void aListShorterThanKReadsItsWholeLength() {
        Map<String, Double> clicks = gains("b", 1);
        List<String> served = List.of("a", "b");
        ScoredEvent e = score(served, clicks, false, 10);
        assertMatches(e, RankingReference.of(served, clicks, 10), "two items, k = 10");
        assertThat(e.precision()).as("T = min(k, n) = 2").isEqualTo(0.5);
        assertThat(e.reciprocalRank()).isEqualTo(0.5);
        assertThat(e.listLength()).isEqualTo(2);
    }

    @Test
    void aRelevantItemBelowTheCutOffIsAMiss() {
        Map<String, Double> clicks = gains("c", 1);
        ScoredEvent e = score(List.of("a", "b", "c"), clicks, false, 2);
        assertThat(e.hit()).isZero();
        assertThat(e.reciprocalRank()).isZero();
        assertThat(e.ndcg()).isZero();
        assertThat(e.recall()).isZero();
        assertThat(e.labelled()).as("a judged query with a relevant item is in the means, miss or not").isTrue();
    }

    @Test
    void aQueryWithoutClicksIsJudgedButInNoMean() {
        RankedListMetrics.score(new long[] {1, 2}, new long[0], null, true, 2, 10, SCORED);
        assertThat(SCORED.judged()).isTrue();
        assertThat(SCORED.relevantCount()).isZero();
        assertThat(SCORED.labelled()).as("R = 0 leaves the query out of the means").isFalse();
        RankedListMetrics.score(new long[] {1, 2}, new long[] {5}, new double[] {0.0}, true, 2, 10, SCORED);
        assertThat(SCORED.relevantCount()).as("a gain of 0 is no relevant item").isZero();
        assertThat(SCORED.labelled()).isFalse();
        RankedListMetrics.score(new long[] {1, 2}, null, null, false, 7, 10, SCORED);
        assertThat(SCORED.judged()).as("without a label").isFalse();
        assertThat(SCORED.listLength()).isEqualTo(7);
    }

    @Test
    void gainsNearTheLargestDoubleKeepNdcgFinite() {
        Map<String, Double> gains = gains("a", Double.MAX_VALUE, "b", Double.MAX_VALUE, "c", Double.MIN_VALUE);
        ScoredEvent e = score(List.of("b", "c", "a"), gains, true, 10);
        double expected = (1 + 1 / log2(4)) / (1 + 1 / log2(3));
        assertThat(e.ndcg()).as("gains relative to the largest").isCloseTo(expected, within(1e-12));
    }

    @Test
    void randomListsMatchTheDefinitions() {
        Random random = new Random(20261207);
        for (int q = 0; q < 2_000; q++) {
            int n = 1 + random.nextInt(30);
            List<String> served = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                served.add("item-" + i);
            }
            java.util.Collections.shuffle(served, random);
            Map<String, Double> gains = new LinkedHashMap<>();
            int labelled = 1 + random.nextInt(8);
            boolean graded = random.nextBoolean();
            for (int j = 0; j < labelled; j++) {
                gains.put("item-" + random.nextInt(2 * n), graded ? random.nextInt(4) + random.nextDouble() : 1.0);
            }
            int k = 1 + random.nextInt(15);
            assertMatches(score(served, gains, graded, k), RankingReference.of(served, gains, k), "query " + q);
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static Map<String, Double> gains(Object... itemsAndGains) {
        Map<String, Double> gains = new LinkedHashMap<>();
        for (int i = 0; i < itemsAndGains.length; i += 2) {
            gains.put((String) itemsAndGains[i], ((Number) itemsAndGains[i + 1]).doubleValue());
        }
        return gains;
    }
}

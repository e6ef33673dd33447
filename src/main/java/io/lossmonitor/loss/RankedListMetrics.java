package io.lossmonitor.loss;

/**
 * The per-query metrics of one served list against its relevance label, at cut-off k: NDCG (linear gain, log2
 * discount), reciprocal rank, recall, precision, hit and average precision over the top T = min(k, n) items, and R,
 * the number of labelled items with a gain above 0. Items are compared by their fingerprints; a served item the label
 * does not name has gain 0.
 */
public final class RankedListMetrics {

    private RankedListMetrics() {}

    /**
     * Scores a query into {@code out}.
     *
     * @param served the fingerprints of the list as served, best first (at least its first k)
     * @param relevant the fingerprints of the label's items, each once
     * @param gains their gains, finite and ≥ 0; null when each is 1 (a list of relevant items)
     * @param labelled whether the query has its relevance label; without it only the list's length is known
     * @param listLength n, the length of the list as served
     */
    public static void score(long[] served, long[] relevant, double[] gains, boolean labelled, int listLength, int k,
                             ScoredEvent out) {
        if (!labelled) {
            out.ranking(listLength, 0, 0, 0, 0, 0, 0, 0, false);
            return;
        }
        int relevantCount = 0;
        double largestGain = 0;
        for (int j = 0; j < relevant.length; j++) {
            double g = gain(gains, j);
            if (g > 0) {
                relevantCount++;
                largestGain = Math.max(largestGain, g);
            }
        }
        if (relevantCount == 0) {
            out.ranking(listLength, 0, 0, 0, 0, 0, 0, 0, true);
            return;
        }
        int top = Math.min(k, served.length);
        int hits = 0;
        int firstHit = 0;
        double dcg = 0;
        double precisions = 0;
        for (int i = 0; i < top; i++) {
            double g = gainOf(served[i], relevant, gains);
            if (g > 0) {
                hits++;
                if (firstHit == 0) {
                    firstHit = i + 1;
                }
                precisions += (double) hits / (i + 1);
                // Gains relative to the largest: NDCG is the same, and no sum of gains near the largest double overflows.
                dcg += g / largestGain * discount(i);
            }
        }
        double ndcg = dcg / idealDcg(gains, relevantCount, largestGain, k, out);
        out.ranking(listLength, relevantCount, ndcg, firstHit > 0 ? 1.0 / firstHit : 0.0,
                (double) hits / relevantCount, top > 0 ? (double) hits / top : 0.0, hits > 0 ? 1.0 : 0.0,
                precisions / Math.min(k, relevantCount), true);
    }

    /** 1 / log2(i + 2): the discount of the item at 0-based position i, as scikit-learn computes it. */
    static double discount(int i) {
        return 1.0 / (Math.log(i + 2) / Math.log(2));
    }

    /** The DCG of the label's gains in descending order, first k, each relative to the largest. */
    private static double idealDcg(double[] gains, int relevantCount, double largestGain, int k, ScoredEvent out) {
        int top = Math.min(k, relevantCount);
        double ideal = 0;
        if (gains == null) {
            for (int i = 0; i < top; i++) {
                ideal += discount(i);
            }
            return ideal;
        }
        double[] sorted = out.gainScratch(relevantCount);
        int next = 0;
        for (double g : gains) {
            if (g > 0) {
                sorted[next++] = g;
            }
        }
        java.util.Arrays.sort(sorted, 0, relevantCount);
        for (int i = 0; i < top; i++) {
            ideal += sorted[relevantCount - 1 - i] / largestGain * discount(i);
        }
        return ideal;
    }

    private static double gain(double[] gains, int j) {
        return gains == null ? 1.0 : gains[j];
    }

    private static double gainOf(long item, long[] relevant, double[] gains) {
        for (int j = 0; j < relevant.length; j++) {
            if (relevant[j] == item) {
                return gain(gains, j);
            }
        }
        return 0.0;
    }
}

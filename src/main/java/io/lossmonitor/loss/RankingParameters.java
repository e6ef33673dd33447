package io.lossmonitor.loss;

import java.io.Serializable;

/**
 * The tunable constants of the ranking task: the cut-off k of its metrics and the longest list a query may serve.
 *
 * @param k the metrics read the first k items of each list, at least 1
 * @param maxListLength the longest list (and relevance label) an event may have, at least 1; longer ones are
 *     dead-lettered
 */
public record RankingParameters(int k, int maxListLength) implements Serializable {

    public static final int DEFAULT_K = 10;
    public static final int DEFAULT_MAX_LIST_LENGTH = 1000;
    public static final RankingParameters DEFAULTS = new RankingParameters(DEFAULT_K, DEFAULT_MAX_LIST_LENGTH);

    public RankingParameters {
        if (k < 1) {
            throw new IllegalArgumentException("--ranking-k must be at least 1, got " + k);
        }
        if (maxListLength < 1) {
            throw new IllegalArgumentException("--max-list-length must be at least 1, got " + maxListLength);
        }
    }
}

package io.lossmonitor.compare;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Champion/challenger comparisons: which models to compare, where the comparisons go, and how long one side of a
 * pair waits for the other.
 *
 * @param pairs none for no comparisons
 */
public record ComparisonSettings(List<ChampionChallenger> pairs, String topic, Duration pairTtl) {

    public static final String DEFAULT_TOPIC = "model-loss-comparisons";
    public static final Duration DEFAULT_PAIR_TTL = Duration.ofMinutes(10);
    public static final ComparisonSettings NONE = new ComparisonSettings(List.of(), DEFAULT_TOPIC, DEFAULT_PAIR_TTL);

    public ComparisonSettings {
        pairs = List.copyOf(pairs);
        Set<ChampionChallenger> seen = new HashSet<>();
        for (ChampionChallenger pair : pairs) {
            if (!seen.add(pair)) {
                throw new IllegalArgumentException("--compare " + pair + " is given twice");
            }
        }
        if (pairTtl == null || pairTtl.isNegative() || pairTtl.isZero()) {
            throw new IllegalArgumentException("--pair-ttl must be a positive duration, got " + pairTtl);
        }
    }

    public boolean enabled() {
        return !pairs.isEmpty();
    }
}

package io.lossmonitor.testing;

import static io.lossmonitor.testing.Events.T0;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Input records of every task with every field at its extremes, as JSON text with inline labels: doubles across their
 * whole range (±1.7e308, subnormals, ±0, exact 0 and 1) mixed with ordinary ones, weights from the smallest positive
 * double to the largest, vectors of huge and tiny components.
 */
public final class ExtremeRecords {

    private static final double[] SPECIAL = {Double.MAX_VALUE, -Double.MAX_VALUE, 1.7e308, -1.7e308, 1e300, -1e300,
        1e200, -1e200, 1e100, 1e50, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 0.0, -0.0, 1.0,
        -1.0, 0.5, 1e-16};

    private ExtremeRecords() {}

    /** One input record of any task, every field drawn from its extremes. */
    public static Arbitrary<String> any() {
        return Arbitraries.oneOf(regression(), binaryProbability(), binaryLogit(), multiClassLogits(),
                multiClassProbabilities(), tripletDistances(), tripletVectors(), pairs(), rankedLists());
    }

    private static Arbitrary<Double> extreme() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(box(SPECIAL))),
                Tuple.of(1, Arbitraries.doubles().between(-1e6, 1e6)),
                Tuple.of(1, Arbitraries.doubles()));
    }

    private static Arbitrary<Double> nonNegative() {
        return extreme().map(Math::abs);
    }

    private static Arbitrary<Double> weight() {
        return Arbitraries.of(1.0, 1e-300, 1e300, Double.MIN_VALUE, Double.MAX_VALUE, 0.5, 3.0, 1e-16);
    }

    private static Arbitrary<Double> probability() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0.0, 1.0, Double.MIN_VALUE, Math.nextDown(1.0), 1e-300,
                        0.5, 1e-16)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1)));
    }

    private static Arbitrary<double[]> vector(int length) {
        return extreme().filter(Double::isFinite).array(double[].class).ofSize(length)
                .filter(v -> Arrays.stream(v).anyMatch(c -> c != 0));
    }

    private static Arbitrary<String> regression() {
        return Combinators.combine(extreme(), extreme(), weight())
                .as((p, y, w) -> Events.json("model", "regressor", "ts", T0, "prediction", p, "label", y,
                        "weight", w));
    }

    private static Arbitrary<String> binaryProbability() {
        return Combinators.combine(probability(), Arbitraries.integers().between(0, 1), weight())
                .as((p, y, w) -> Events.json("model", "binary", "ts", T0, "probability", p, "label", y,
                        "weight", w));
    }

    private static Arbitrary<String> binaryLogit() {
        return Combinators.combine(extreme(), Arbitraries.integers().between(0, 1), weight())
                .as((z, y, w) -> Events.json("model", "binary-logits", "ts", T0, "logits", z, "label", y,
                        "weight", w));
    }

    private static Arbitrary<String> multiClassLogits() {
        return Combinators.combine(extreme().array(double[].class).ofSize(3), Arbitraries.integers().between(0, 2),
                weight()).as((z, y, w) -> Events.json("model", "multi-logits", "ts", T0, "logits", z, "label", y,
                "weight", w));
    }

    private static Arbitrary<String> multiClassProbabilities() {
        Arbitrary<double[]> distributions = Arbitraries.of(new double[] {1, 0, 0}, new double[] {0, 0, 1},
                new double[] {0.5, 0.5, 0}, new double[] {Double.MIN_VALUE, 1 - 1e-16, 0},
                new double[] {1e-300, 0.5, 0.5}, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3});
        return Combinators.combine(distributions, Arbitraries.integers().between(0, 2), weight())
                .as((p, y, w) -> Events.json("model", "multi-probabilities", "ts", T0, "probabilities", p,
                        "label", y, "weight", w));
    }

    private static Arbitrary<String> tripletDistances() {
        return Combinators.combine(nonNegative(), nonNegative(), weight())
                .as((dp, dn, w) -> Events.json("model", "triplets", "ts", T0, "distance_positive", dp,
                        "distance_negative", dn, "weight", w));
    }

    private static Arbitrary<String> tripletVectors() {
        return Arbitraries.integers().between(1, 4).flatMap(n -> Combinators.combine(vector(n), vector(n),
                vector(n), weight()).as((a, p, q, w) -> Events.json("model", "triplet-vectors", "ts", T0,
                "anchor", a, "positive", p, "negative", q, "weight", w)));
    }

    private static Arbitrary<String> pairs() {
        return Arbitraries.integers().between(1, 4).flatMap(n -> Combinators.combine(vector(n), vector(n),
                Arbitraries.of(1, -1), weight()).as((x1, x2, y, w) -> Events.json("model", "pairs", "ts", T0,
                "x1", x1, "x2", x2, "label", y, "weight", w)));
    }

    /** An item id: a whole number up to ±2⁶³, or a string, empty, long or of any characters. */
    private static Arbitrary<Object> item() {
        return Arbitraries.oneOf(Arbitraries.longs().map(Object.class::cast),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, 7L).map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(40).map(Object.class::cast),
                Arbitraries.of("", "7", "é", "\u0000", "𝔘", "x".repeat(300)).map(Object.class::cast));
    }

    /** A served list with extreme scores, and clicks among its items and beyond, or graded gains at the extremes. */
    private static Arbitrary<String> rankedLists() {
        Arbitrary<java.util.List<Object>> lists = item().list().ofMinSize(1).ofMaxSize(30)
                .map(l -> l.stream().map(String::valueOf).distinct().map(Object.class::cast).toList());
        return Combinators.combine(lists, item().list().ofMaxSize(5), Arbitraries.integers().between(0, 2), weight(),
                nonNegative().list().ofSize(40), extreme().list().ofSize(30))
                .as((served, unserved, form, w, gains, scores) -> {
                    java.util.Map<String, Double> graded = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < served.size() && i < 5; i += 2) {
                        graded.put(String.valueOf(served.get(i)), gains.get(i));
                    }
                    for (int i = 0; i < unserved.size(); i++) {
                        graded.putIfAbsent(String.valueOf(unserved.get(i)), gains.get(20 + i));
                    }
                    java.util.List<Double> finite = scores.subList(0, served.size()).stream()
                            .map(x -> Double.isFinite(x) ? x : 0.0).toList();
                    return switch (form) {
                        case 0 -> Events.json("model", "ranker", "ts", T0, "items", served, "scores", finite,
                                "gains", graded, "weight", w);
                        case 1 -> Events.json("model", "ranker", "ts", T0, "items", served, "relevant",
                                java.util.List.copyOf(graded.keySet()), "weight", w);
                        default -> Events.json("model", "ranker", "ts", T0, "items", served, "relevant",
                                java.util.List.of(), "weight", w);
                    };
                });
    }

    private static Double[] box(double[] values) {
        return Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}

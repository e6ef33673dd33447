package io.lossmonitor.event;

import java.util.ArrayList;
import java.util.List;

/** The fields of one prediction record as the JSON held them, before validation; reused across records. */
final class RawEventFields {

    /** How a probabilities/logits field was written. */
    enum Shape { ABSENT, NUMBER, ARRAY, OBJECT }

    String model;
    String version;
    String segment;
    String id;

    boolean hasTimestampNumber;
    double timestampNumber;
    String timestampText;

    boolean hasWeight;
    double weight;

    boolean hasPrediction;
    double prediction;
    boolean hasProbability;
    double probability;

    Shape probabilitiesShape;
    Shape logitsShape;
    double logitNumber;
    /** Values of whichever of probabilities/logits was a collection (at most one is allowed). */
    final DoubleBuffer values = new DoubleBuffer();
    /** Keys of that collection when it was an object. */
    final List<String> valueNames = new ArrayList<>();

    List<String> classes;

    /** The vectors of an embedding event, by {@link Vector}; one bit of {@link #vectorsGiven} each. */
    final DoubleBuffer[] vectors = {new DoubleBuffer(), new DoubleBuffer(), new DoubleBuffer(), new DoubleBuffer(),
            new DoubleBuffer()};
    int vectorsGiven;
    boolean hasDistancePositive;
    double distancePositive;
    boolean hasDistanceNegative;
    double distanceNegative;

    /** A ranked list's items, by the first half of their fingerprints, in the order served. */
    final LongBuffer items = new LongBuffer();
    boolean hasItems;
    /** A ranked list's scores, as given. */
    final DoubleBuffer rankingScores = new DoubleBuffer();
    boolean hasRankingScores;
    /** Why the {@code scores} given cannot be a ranked list's, when they cannot; rejected only for a ranked list. */
    String rankingScoresProblem;
    /** The fingerprints of a relevance label's items: those of {@code relevant}, or the keys of {@code gains}. */
    final LongBuffer relevanceItems = new LongBuffer();
    /** The gains of {@code gains}, by the position of their items in {@link #relevanceItems}. */
    final DoubleBuffer gains = new DoubleBuffer();
    boolean hasRelevant;
    boolean hasGains;

    LabelKind labelKind;
    double labelNumber;
    String labelText;
    boolean labelBoolean;

    void reset() {
        model = null;
        version = null;
        segment = null;
        id = null;
        hasTimestampNumber = false;
        timestampText = null;
        hasWeight = false;
        hasPrediction = false;
        hasProbability = false;
        probabilitiesShape = Shape.ABSENT;
        logitsShape = Shape.ABSENT;
        values.clear();
        valueNames.clear();
        classes = null;
        labelKind = LabelKind.ABSENT;
        labelText = null;
        if (vectorsGiven != 0) {
            // Only a given vector holds values: most records have none, and skip the loop.
            for (DoubleBuffer vector : vectors) {
                vector.clear();
            }
            vectorsGiven = 0;
        }
        hasDistancePositive = false;
        hasDistanceNegative = false;
        // Cleared whether or not the last record got as far as setting its flags: a rejected one may stop half-read.
        items.clear();
        rankingScores.clear();
        relevanceItems.clear();
        gains.clear();
        hasItems = false;
        hasRankingScores = false;
        rankingScoresProblem = null;
        hasRelevant = false;
        hasGains = false;
    }

    /** Whether the record gives a relevance label of a ranked list. */
    boolean hasRelevance() {
        return hasRelevant || hasGains;
    }

    /** The vector fields of the embedding tasks, in the order of {@link #vectors}. */
    enum Vector {
        ANCHOR("anchor"), POSITIVE("positive"), NEGATIVE("negative"), X1("x1"), X2("x2");

        final String field;

        Vector(String field) {
            this.field = field;
        }

        int bit() {
            return 1 << ordinal();
        }
    }

    boolean has(Vector v) {
        return (vectorsGiven & v.bit()) != 0;
    }

    DoubleBuffer vector(Vector v) {
        return vectors[v.ordinal()];
    }

    /** Whether any field of a triplet is given. */
    boolean hasTriplet() {
        return has(Vector.ANCHOR) || has(Vector.POSITIVE) || has(Vector.NEGATIVE) || hasDistancePositive
                || hasDistanceNegative;
    }

    /** Whether any field of a pair is given. */
    boolean hasPair() {
        return has(Vector.X1) || has(Vector.X2);
    }

    /** A growable list of primitive longs. */
    static final class LongBuffer {
        private long[] data = new long[16];
        private int size;

        void add(long v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, 2 * size);
            }
            data[size++] = v;
        }

        int size() {
            return size;
        }

        long get(int i) {
            return data[i];
        }

        /** The first {@code n} values. */
        long[] toArray(int n) {
            return java.util.Arrays.copyOf(data, n);
        }

        void clear() {
            size = 0;
        }
    }

    /** A growable list of primitive doubles, so reading scores boxes nothing. */
    static final class DoubleBuffer {
        private double[] data = new double[16];
        private int size;

        void add(double v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, 2 * size);
            }
            data[size++] = v;
        }

        int size() {
            return size;
        }

        double get(int i) {
            return data[i];
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }

        void clear() {
            size = 0;
        }
    }
}

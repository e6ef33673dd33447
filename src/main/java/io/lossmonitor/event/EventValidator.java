package io.lossmonitor.event;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns the raw fields of one record into a {@link PredictionEvent}, or says exactly which rule it breaks. */
final class EventValidator {

    /** Longest accepted model, version, segment or id; these become state keys and output fields. */
    static final int MAX_NAME_LENGTH = 256;
    /** How far a distribution's sum may be from 1 before it is rejected rather than renormalised. */
    static final double SUM_TOLERANCE = 0.01;

    private final boolean cosineTriplets;
    private final int rankingK;

    /**
     * @param cosineTriplets whether triplet distances are cosine distances, which a zero vector leaves undefined
     * @param rankingK how many of a ranked list's first items the event keeps: all that its metrics read
     */
    EventValidator(boolean cosineTriplets, int rankingK) {
        this.cosineTriplets = cosineTriplets;
        this.rankingK = rankingK;
    }

    PredictionEvent validate(RawEventFields raw, long kafkaTimestamp) throws InvalidEventException {
        PredictionEvent event = new PredictionEvent();
        event.model = name(raw.model, "model");
        if (event.model == null) {
            throw InvalidEventException.invalid("missing field 'model': every event must name its model");
        }
        if (event.model.isEmpty()) {
            throw InvalidEventException.invalid("'model' must not be empty");
        }
        event.version = name(raw.version, "version");
        event.segment = name(raw.segment, "segment");
        event.id = name(raw.id, "id");
        event.timestamp = timestamp(raw, kafkaTimestamp);
        event.weight = weight(raw);
        readPrediction(raw, event);
        readLabel(raw, event);
        return event;
    }

    private static String name(String value, String field) throws InvalidEventException {
        if (value != null && value.length() > MAX_NAME_LENGTH) {
            throw InvalidEventException.invalid(
                    "'" + field + "' is longer than " + MAX_NAME_LENGTH + " characters (" + value.length() + ")");
        }
        return value;
    }

    private static long timestamp(RawEventFields raw, long kafkaTimestamp) throws InvalidEventException {
        return eventTime(raw.hasTimestampNumber, raw.timestampNumber, raw.timestampText, kafkaTimestamp);
    }

    /** The event time of a record: its {@code ts} as epoch ms or ISO-8601, else the Kafka timestamp. */
    static long eventTime(boolean hasNumber, double number, String text, long kafkaTimestamp)
            throws InvalidEventException {
        if (hasNumber) {
            double ts = number;
            if (!Double.isFinite(ts) || Math.abs(ts) > 1e17) {
                throw InvalidEventException.invalid("'ts' must be epoch milliseconds, got " + ts
                        + ClockGuard.unitHint(ts));
            }
            return (long) Math.floor(ts);
        }
        if (text != null) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw InvalidEventException.invalid("'ts' \"" + abbreviate(text)
                        + "\" is not an ISO-8601 instant with a zone, e.g. 2026-11-28T10:00:00Z or "
                        + "2026-11-28T18:00:00+08:00");
            }
        }
        if (kafkaTimestamp < 0) {
            throw InvalidEventException.invalid("no event time: the event has no 'ts' and the record no timestamp");
        }
        return kafkaTimestamp;
    }

    private static double weight(RawEventFields raw) throws InvalidEventException {
        if (!raw.hasWeight) {
            return 1.0;
        }
        if (!Double.isFinite(raw.weight) || raw.weight <= 0) {
            throw InvalidEventException.invalid("'weight' must be a finite number > 0, got " + raw.weight);
        }
        return raw.weight;
    }

    private void readPrediction(RawEventFields raw, PredictionEvent event) throws InvalidEventException {
        int given = (raw.hasPrediction ? 1 : 0) + (raw.hasProbability ? 1 : 0)
                + (raw.probabilitiesShape != RawEventFields.Shape.ABSENT ? 1 : 0)
                + (raw.logitsShape != RawEventFields.Shape.ABSENT ? 1 : 0)
                + (raw.hasTriplet() ? 1 : 0) + (raw.hasPair() ? 1 : 0) + (raw.hasItems ? 1 : 0);
        if (given == 0) {
            throw InvalidEventException.invalid(raw.hasRankingScores
                    ? "'scores' rank the items of a list: send the list as 'items' with them"
                    : "no prediction: the event needs one of 'prediction', 'probability', 'probabilities' or "
                    + "'logits', a triplet ('anchor', 'positive', 'negative', or 'distance_positive' and "
                    + "'distance_negative'), a pair ('x1', 'x2') or a ranked list ('items')");
        }
        if (given > 1) {
            throw InvalidEventException.invalid("conflicting fields: " + String.join(" and ", predictionFields(raw))
                    + " are both given; send exactly one of prediction, probability, probabilities, logits, "
                    + "a triplet, a pair or a ranked list");
        }
        boolean collection = raw.probabilitiesShape == RawEventFields.Shape.ARRAY
                || raw.probabilitiesShape == RawEventFields.Shape.OBJECT
                || raw.logitsShape == RawEventFields.Shape.ARRAY
                || raw.logitsShape == RawEventFields.Shape.OBJECT;
        if (raw.classes != null && !collection) {
            throw InvalidEventException.invalid("'classes' names the positions of a 'probabilities' or 'logits' "
                    + "array, but the event has " + predictionFields(raw).get(0)
                    + (raw.logitsShape == RawEventFields.Shape.NUMBER ? " as a single number" : ""));
        }
        if (raw.hasItems) {
            readRanking(raw, event);
        } else if (raw.hasTriplet()) {
            readTriplet(raw, event);
        } else if (raw.hasPair()) {
            event.task = Task.PAIR;
            event.vectors = vectors(raw, true, RawEventFields.Vector.X1, RawEventFields.Vector.X2);
        } else if (raw.hasPrediction) {
            event.task = Task.REGRESSION;
            event.score = finite(raw.prediction, "prediction");
        } else if (raw.hasProbability) {
            event.task = Task.BINARY;
            event.score = probability(raw.probability, "probability");
        } else if (raw.logitsShape == RawEventFields.Shape.NUMBER) {
            event.task = Task.BINARY;
            event.logits = true;
            event.score = finite(raw.logitNumber, "logits");
        } else {
            event.task = Task.MULTICLASS;
            event.logits = raw.logitsShape != RawEventFields.Shape.ABSENT;
            readDistribution(raw, event, event.logits ? "logits" : "probabilities");
        }
    }

    /** The prediction fields the record gave, for messages. */
    private static List<String> predictionFields(RawEventFields raw) {
        List<String> given = new java.util.ArrayList<>(2);
        if (raw.hasPrediction) {
            given.add("prediction");
        }
        if (raw.hasProbability) {
            given.add("probability");
        }
        if (raw.probabilitiesShape != RawEventFields.Shape.ABSENT) {
            given.add("probabilities");
        }
        if (raw.logitsShape != RawEventFields.Shape.ABSENT) {
            given.add("logits");
        }
        if (raw.hasTriplet()) {
            given.add("a triplet");
        }
        if (raw.hasPair()) {
            given.add("a pair");
        }
        if (raw.hasItems) {
            given.add("a ranked list ('items')");
        }
        return given;
    }

    private void readRanking(RawEventFields raw, PredictionEvent event) throws InvalidEventException {
        event.task = Task.RANKING;
        int n = raw.items.size();
        if (n == 0) {
            throw InvalidEventException.invalid("'items' is empty: a ranked list serves at least one item");
        }
        if (raw.rankingScoresProblem != null) {
            throw InvalidEventException.invalid(raw.rankingScoresProblem);
        }
        if (raw.hasRankingScores) {
            if (raw.rankingScores.size() != n) {
                throw InvalidEventException.invalid("'scores' has " + raw.rankingScores.size() + " values but "
                        + "'items' has " + n + ": one score per item");
            }
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(raw.rankingScores.get(i))) {
                    throw InvalidEventException.invalid("'scores' must hold finite numbers, position " + i + " is "
                            + raw.rankingScores.get(i));
                }
            }
        }
        event.items = raw.items.toArray(Math.min(rankingK, n));
        event.listLength = n;
    }

    private void readTriplet(RawEventFields raw, PredictionEvent event) throws InvalidEventException {
        event.task = Task.TRIPLET;
        boolean vectors = raw.has(RawEventFields.Vector.ANCHOR) || raw.has(RawEventFields.Vector.POSITIVE)
                || raw.has(RawEventFields.Vector.NEGATIVE);
        boolean distances = raw.hasDistancePositive || raw.hasDistanceNegative;
        if (vectors && distances) {
            throw InvalidEventException.invalid("conflicting fields: a triplet gives either 'anchor', 'positive' and "
                    + "'negative' or 'distance_positive' and 'distance_negative', not both");
        }
        if (vectors) {
            event.vectors = vectors(raw, cosineTriplets, RawEventFields.Vector.ANCHOR, RawEventFields.Vector.POSITIVE,
                    RawEventFields.Vector.NEGATIVE);
            return;
        }
        if (!raw.hasDistancePositive || !raw.hasDistanceNegative) {
            throw InvalidEventException.invalid("a triplet given by distances needs both 'distance_positive' and "
                    + "'distance_negative'; '" + (raw.hasDistancePositive ? "distance_negative" : "distance_positive")
                    + "' is missing");
        }
        event.scores = new double[] {distance(raw.distancePositive, "distance_positive"),
                distance(raw.distanceNegative, "distance_negative")};
    }

    /** The named vectors, all given, of one length, finite, and not zero where a cosine is taken of them. */
    private static double[][] vectors(RawEventFields raw, boolean cosine, RawEventFields.Vector... names)
            throws InvalidEventException {
        double[][] vectors = new double[names.length][];
        for (int i = 0; i < names.length; i++) {
            RawEventFields.Vector name = names[i];
            if (!raw.has(name)) {
                throw InvalidEventException.invalid("a " + (names.length == 3 ? "triplet needs 'anchor', 'positive' "
                        + "and 'negative'" : "pair needs 'x1' and 'x2'") + "; '" + name.field + "' is missing");
            }
            RawEventFields.DoubleBuffer values = raw.vector(name);
            if (values.size() == 0) {
                throw InvalidEventException.invalid("'" + name.field + "' is empty: a vector needs at least one "
                        + "dimension");
            }
            if (i > 0 && values.size() != vectors[0].length) {
                throw InvalidEventException.invalid("vectors of different lengths: '" + names[0].field + "' has "
                        + vectors[0].length + " dimensions, '" + name.field + "' has " + values.size());
            }
            boolean zero = true;
            for (int d = 0; d < values.size(); d++) {
                double v = values.get(d);
                if (!Double.isFinite(v)) {
                    throw InvalidEventException.invalid("'" + name.field + "' must hold finite numbers, component "
                            + d + " is " + v);
                }
                zero &= v == 0.0;
            }
            if (zero && cosine) {
                throw InvalidEventException.invalid("'" + name.field + "' is a zero vector: its cosine with another "
                        + "vector is undefined");
            }
            vectors[i] = values.toArray();
        }
        return vectors;
    }

    private static double distance(double v, String field) throws InvalidEventException {
        if (!(v >= 0.0) || Double.isInfinite(v)) {
            throw InvalidEventException.invalid("'" + field + "' must be a finite number >= 0, got " + v);
        }
        return v;
    }

    private static void readDistribution(RawEventFields raw, PredictionEvent event, String field)
            throws InvalidEventException {
        int k = raw.values.size();
        if (k < 2) {
            throw InvalidEventException.invalid("'" + field + "' must have at least 2 classes, has " + k
                    + (k == 1 ? " (for a binary model send 'probability' or a single logit)" : ""));
        }
        boolean object = raw.valueNames.size() == k;
        if (object) {
            if (raw.classes != null) {
                throw InvalidEventException.invalid("conflicting fields: 'classes' is given, but '" + field
                        + "' is an object whose keys already name the classes");
            }
            requireDistinct(raw.valueNames, "'" + field + "' names");
            event.classes = raw.valueNames.toArray(new String[0]);
        } else if (raw.classes != null) {
            if (raw.classes.size() != k) {
                throw InvalidEventException.invalid("'classes' has " + raw.classes.size() + " names but '" + field
                        + "' has " + k + " values");
            }
            requireDistinct(raw.classes, "'classes' names");
            event.classes = raw.classes.toArray(new String[0]);
        }
        double[] scores = raw.values.toArray();
        if (event.logits) {
            for (int c = 0; c < k; c++) {
                finite(scores[c], field);
            }
        } else {
            double sum = 0.0;
            for (int c = 0; c < k; c++) {
                sum += probability(scores[c], field);
            }
            if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
                throw InvalidEventException.invalid("'probabilities' must sum to 1 (within " + SUM_TOLERANCE
                        + "), sums to " + sum);
            }
            for (int c = 0; c < k; c++) {
                scores[c] /= sum;
            }
        }
        event.scores = scores;
    }

    private static void requireDistinct(List<String> names, String what) throws InvalidEventException {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw InvalidEventException.invalid(what + " \"" + abbreviate(name) + "\" twice");
            }
        }
    }

    private static void readLabel(RawEventFields raw, PredictionEvent event) throws InvalidEventException {
        if (raw.hasRelevance() && event.task != Task.RANKING) {
            throw InvalidEventException.invalid("'" + (raw.hasRelevant ? "relevant" : "gains") + "' judges a ranked "
                    + "list ('items'), but the event has " + predictionFields(raw).get(0)
                    + (raw.labelKind != LabelKind.ABSENT ? "" : "; its ground truth is 'label'"));
        }
        if (event.task == Task.RANKING) {
            Relevance relevance = relevance(raw);
            event.labelled = relevance != null;
            if (relevance != null) {
                event.relevantItems = relevance.items();
                event.gains = relevance.gains();
            }
            return;
        }
        if (event.task == Task.TRIPLET) {
            if (raw.labelKind != LabelKind.ABSENT) {
                throw InvalidEventException.invalid("a triplet takes no 'label': its positive and negative are its "
                        + "supervision");
            }
            event.labelled = true;
            return;
        }
        event.labelled = raw.labelKind != LabelKind.ABSENT;
        if (event.labelled) {
            event.label = Labels.resolve(raw.labelKind, raw.labelNumber, raw.labelText, raw.labelBoolean, event);
        }
    }

    /**
     * The relevance label a record gives ({@code relevant} or {@code gains}), or null when it gives none.
     *
     * @throws InvalidEventException if it gives both, or a {@code label}, which a ranked list does not take
     */
    static Relevance relevance(RawEventFields raw) throws InvalidEventException {
        if (raw.labelKind != LabelKind.ABSENT) {
            throw InvalidEventException.invalid("a ranked list takes no 'label': its ground truth is 'relevant' (the "
                    + "items that were clicked) or 'gains' (item to graded gain)");
        }
        if (raw.hasRelevant && raw.hasGains) {
            throw InvalidEventException.invalid("conflicting fields: 'relevant' and 'gains' are both given; send "
                    + "one: 'relevant' for items of gain 1, 'gains' for graded ones");
        }
        if (raw.hasRelevant) {
            return new Relevance(raw.relevanceItems.toArray(raw.relevanceItems.size()), null);
        }
        if (!raw.hasGains) {
            return null;
        }
        int positive = 0;
        for (int j = 0; j < raw.gains.size(); j++) {
            positive += raw.gains.get(j) > 0 ? 1 : 0;
        }
        long[] items = new long[positive];
        double[] gains = new double[positive];
        for (int j = 0, next = 0; j < raw.gains.size(); j++) {
            if (raw.gains.get(j) > 0) {
                items[next] = raw.relevanceItems.get(j);
                gains[next++] = raw.gains.get(j);
            }
        }
        return new Relevance(items, gains);
    }

    private static double finite(double v, String field) throws InvalidEventException {
        if (!Double.isFinite(v)) {
            throw InvalidEventException.invalid("'" + field + "' must be finite, got " + v);
        }
        return v;
    }

    private static double probability(double v, String field) throws InvalidEventException {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw InvalidEventException.invalid("'" + field + "' must be in [0, 1], got " + v);
        }
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}

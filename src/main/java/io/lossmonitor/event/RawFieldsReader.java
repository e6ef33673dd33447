package io.lossmonitor.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.util.ArrayList;

/**
 * Reads the fields of one prediction or label record straight from its UTF-8 bytes (streaming, no tree), or
 * rejects a record that is not a single JSON object. Not thread-safe: one instance per operator.
 */
final class RawFieldsReader {

    private final JsonFactory factory = JsonFactory.builder()
            // Exact to the last bit like the JDK's parser, and several times faster on number-heavy records.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            // Jackson's own pool: one parser serves thousands of records, so the pool is rarely asked (BENCHMARKS.md).
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();
    private final RawEventFields raw = new RawEventFields();
    /** The longest vector an embedding event may have; a longer one is rejected as it is read, not buffered. */
    private final int maxDimensions;
    /** The longest ranked list or relevance label a record may have, likewise rejected as it is read. */
    private final int maxListLength;
    /** The items of the list being read, to reject a repeated one as it is read. */
    private final ItemSet itemsRead = new ItemSet();
    /** Reads the well-formed records; a record it declines is read again below, which names what is wrong. */
    private final RecordStream stream;

    /**
     * @param reuseParser false to read every record with a parser of its own (the reference the tests compare with)
     * @param maxDimensions the longest vector an embedding event may have
     * @param maxListLength the longest ranked list or relevance label a record may have
     */
    RawFieldsReader(boolean reuseParser, int maxDimensions, int maxListLength) {
        this.maxDimensions = maxDimensions;
        this.maxListLength = maxListLength;
        stream = reuseParser ? new RecordStream(factory, this::readFields) : null;
    }

    /** The record's fields; the returned object is reused by the next call. */
    RawEventFields read(byte[] bytes) throws InvalidEventException {
        if (bytes == null) {
            throw InvalidEventException.malformed("empty record: the value is null (a tombstone)");
        }
        if (bytes.length == 0) {
            throw InvalidEventException.malformed("empty record: the value has no bytes");
        }
        raw.reset();
        if (stream != null && stream.read(bytes)) {
            return raw;
        }
        raw.reset();
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw InvalidEventException.malformed("empty record: the value is only white space");
            }
            if (first != JsonToken.START_OBJECT) {
                throw InvalidEventException.malformed("not a JSON object: the record is " + describe(first));
            }
            readFields(parser);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw InvalidEventException.malformed("trailing content after the JSON object: " + describe(trailing));
            }
        } catch (JsonProcessingException e) {
            throw InvalidEventException.malformed("malformed JSON: " + summarize(e));
        } catch (IOException e) {
            throw InvalidEventException.malformed("unreadable record: " + e.getMessage());
        }
        return raw;
    }

    private static final int MODEL = 0;
    private static final int VERSION = 1;
    private static final int SEGMENT = 2;
    private static final int ID = 3;
    private static final int TS = 4;
    private static final int WEIGHT = 5;
    private static final int PREDICTION = 6;
    private static final int PROBABILITY = 7;
    private static final int PROBABILITIES = 8;
    private static final int LOGITS = 9;
    private static final int CLASSES = 10;
    private static final int LABEL = 11;
    /** The vector fields, {@code VECTOR + RawEventFields.Vector.ordinal()}. */
    private static final int VECTOR = 12;
    private static final int DISTANCE_POSITIVE = 17;
    private static final int DISTANCE_NEGATIVE = 18;
    private static final int ITEMS = 19;
    private static final int RANKING_SCORES = 20;
    private static final int RELEVANT = 21;
    private static final int GAINS = 22;
    private static final int UNKNOWN = -1;

    /** The field's number, which is also its bit in the duplicate check; {@link #UNKNOWN} for other fields. */
    private static int fieldNumber(String field) {
        return switch (field) {
            case "model" -> MODEL;
            case "version" -> VERSION;
            case "segment" -> SEGMENT;
            case "id" -> ID;
            case "ts" -> TS;
            case "weight" -> WEIGHT;
            case "prediction" -> PREDICTION;
            case "probability" -> PROBABILITY;
            case "probabilities" -> PROBABILITIES;
            case "logits" -> LOGITS;
            case "classes" -> CLASSES;
            case "label" -> LABEL;
            case "anchor" -> VECTOR;
            case "positive" -> VECTOR + 1;
            case "negative" -> VECTOR + 2;
            case "x1" -> VECTOR + 3;
            case "x2" -> VECTOR + 4;
            case "distance_positive" -> DISTANCE_POSITIVE;
            case "distance_negative" -> DISTANCE_NEGATIVE;
            case "items" -> ITEMS;
            case "scores" -> RANKING_SCORES;
            case "relevant" -> RELEVANT;
            case "gains" -> GAINS;
            default -> UNKNOWN;
        };
    }

    private void readFields(JsonParser p) throws IOException, InvalidEventException {
        // A field given twice is ambiguous, so it is rejected; unknown fields are skipped, twice or not. A bit set
        // instead of Jackson's strict duplicate detection keeps a hash set off the per-record path.
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            int number = fieldNumber(field);
            if (number != UNKNOWN) {
                if ((seen & (1 << number)) != 0) {
                    throw InvalidEventException.malformed("malformed JSON: Duplicate field '" + field + "'");
                }
                seen |= 1 << number;
            }
            JsonToken token = p.nextToken();
            switch (number) {
                case MODEL -> raw.model = text(p, token, field);
                case VERSION -> raw.version = text(p, token, field);
                case SEGMENT -> raw.segment = text(p, token, field);
                case ID -> raw.id = text(p, token, field);
                case TS -> readTimestamp(p, token);
                case WEIGHT -> {
                    raw.hasWeight = token != JsonToken.VALUE_NULL;
                    raw.weight = raw.hasWeight ? number(p, token, field) : 0;
                }
                case PREDICTION -> {
                    raw.hasPrediction = token != JsonToken.VALUE_NULL;
                    raw.prediction = raw.hasPrediction ? number(p, token, field) : 0;
                }
                case PROBABILITY -> {
                    raw.hasProbability = token != JsonToken.VALUE_NULL;
                    raw.probability = raw.hasProbability ? number(p, token, field) : 0;
                }
                case PROBABILITIES -> raw.probabilitiesShape = readScores(p, token, field, false);
                case LOGITS -> raw.logitsShape = readScores(p, token, field, true);
                case CLASSES -> readClasses(p, token);
                case LABEL -> readLabel(p, token);
                case DISTANCE_POSITIVE -> {
                    raw.hasDistancePositive = token != JsonToken.VALUE_NULL;
                    raw.distancePositive = raw.hasDistancePositive ? number(p, token, field) : 0;
                }
                case DISTANCE_NEGATIVE -> {
                    raw.hasDistanceNegative = token != JsonToken.VALUE_NULL;
                    raw.distanceNegative = raw.hasDistanceNegative ? number(p, token, field) : 0;
                }
                case ITEMS -> raw.hasItems = readItems(p, token, "items", raw.items);
                case RANKING_SCORES -> readRankingScores(p, token);
                case RELEVANT -> raw.hasRelevant = readItems(p, token, "relevant", raw.relevanceItems);
                case GAINS -> readGains(p, token);
                case UNKNOWN -> p.skipChildren();
                default -> readVector(p, token, RawEventFields.Vector.values()[number - VECTOR]);
            }
        }
    }

    private void readTimestamp(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                raw.hasTimestampNumber = true;
                raw.timestampNumber = p.getDoubleValue();
            }
            case VALUE_STRING -> raw.timestampText = p.getText();
            case VALUE_NULL -> { }
            default -> throw InvalidEventException.invalid(
                    "'ts' must be epoch milliseconds or an ISO-8601 string, got " + describe(token));
        }
    }

    private RawEventFields.Shape readScores(JsonParser p, JsonToken token, String field, boolean allowNumber)
            throws IOException, InvalidEventException {
        if (token == JsonToken.VALUE_NULL) {
            return RawEventFields.Shape.ABSENT;
        }
        if (raw.values.size() > 0 || !raw.valueNames.isEmpty()) {
            throw InvalidEventException.invalid(
                    "conflicting fields: both 'probabilities' and 'logits' are given; send exactly one");
        }
        if (allowNumber && token.isNumeric()) {
            raw.logitNumber = p.getDoubleValue();
            return RawEventFields.Shape.NUMBER;
        }
        if (token == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                addScore(p, t, field);
            }
            return RawEventFields.Shape.ARRAY;
        }
        if (token == JsonToken.START_OBJECT) {
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                addScore(p, p.nextToken(), field);
                raw.valueNames.add(name);
            }
            return RawEventFields.Shape.OBJECT;
        }
        throw InvalidEventException.invalid("'" + field + "' must be "
                + (allowNumber ? "a number, " : "") + "an array of numbers or an object of class to number, got "
                + describe(token));
    }

    private void addScore(JsonParser p, JsonToken t, String field) throws IOException, InvalidEventException {
        if (!t.isNumeric()) {
            throw InvalidEventException.invalid("'" + field + "' must hold only numbers, found " + describe(t));
        }
        if (raw.values.size() == PredictionParser.MAX_CLASSES) {
            throw InvalidEventException.invalid("'" + field + "' has more than " + PredictionParser.MAX_CLASSES + " classes");
        }
        raw.values.add(p.getDoubleValue());
    }

    private void readVector(JsonParser p, JsonToken token, RawEventFields.Vector vector)
            throws IOException, InvalidEventException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            throw InvalidEventException.invalid("'" + vector.field + "' must be an array of numbers, got "
                    + describe(token));
        }
        raw.vectorsGiven |= vector.bit();
        RawEventFields.DoubleBuffer values = raw.vector(vector);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (!t.isNumeric()) {
                throw InvalidEventException.invalid("'" + vector.field + "' must hold only numbers, found "
                        + describe(t));
            }
            if (values.size() == maxDimensions) {
                throw InvalidEventException.invalid("'" + vector.field + "' has more than " + maxDimensions
                        + " dimensions (--max-dimensions)");
            }
            values.add(p.getDoubleValue());
        }
    }

    /**
     * Reads an array of item ids (strings or whole numbers) into their fingerprints, rejecting a repeated item and a
     * list over the limit as they come.
     *
     * @return whether the field was given (not null)
     */
    private boolean readItems(JsonParser p, JsonToken token, String field, RawEventFields.LongBuffer fingerprints)
            throws IOException, InvalidEventException {
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (token != JsonToken.START_ARRAY) {
            throw InvalidEventException.invalid("'" + field + "' must be an array of item ids (strings or whole "
                    + "numbers), got " + describe(token));
        }
        itemsRead.clear();
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
                throw InvalidEventException.invalid("'" + field + "' must hold item ids (strings or whole numbers), "
                        + "found " + describe(t) + " at position " + count);
            }
            if (count == maxListLength) {
                throw InvalidEventException.invalid("'" + field + "' has more than " + maxListLength
                        + " items (--max-list-length)");
            }
            addItem(p, field, fingerprints, count);
            count++;
        }
        return true;
    }

    /**
     * Adds the current token's item (a string or number in an array, or an object's field name) to
     * {@code fingerprints}, or rejects it as a repeat of an earlier one.
     */
    private void addItem(JsonParser p, String field, RawEventFields.LongBuffer fingerprints, int position)
            throws IOException, InvalidEventException {
        // A field name is hashed from its String: a reused parser's character view of names can be stale.
        long[] fingerprint = p.currentToken() == JsonToken.FIELD_NAME ? ItemFingerprint.both(p.currentName())
                : ItemFingerprint.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (!itemsRead.add(fingerprint[0], fingerprint[1])) {
            throw InvalidEventException.invalid("'" + field + "' has the item \"" + EventValidator.abbreviate(p.getText())
                    + "\" twice (again at position " + position + "): each item is named once");
        }
        fingerprints.add(fingerprint[0]);
    }

    /**
     * Reads a ranked list's {@code scores}. What is wrong with them is noted, not thrown: they are a ranked list's
     * field only, and another event may carry a field of that name, which is ignored as unknown fields are.
     */
    private void readRankingScores(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        raw.hasRankingScores = true;
        if (token != JsonToken.START_ARRAY) {
            raw.rankingScoresProblem = "'scores' must be an array of numbers, got " + describe(token);
            p.skipChildren();
            return;
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (raw.rankingScoresProblem != null) {
                p.skipChildren();
            } else if (!t.isNumeric()) {
                raw.rankingScoresProblem = "'scores' must hold only numbers, found " + describe(t);
                p.skipChildren();
            } else if (raw.rankingScores.size() == maxListLength) {
                raw.rankingScoresProblem = "'scores' has more than " + maxListLength + " values (--max-list-length)";
            } else {
                raw.rankingScores.add(p.getDoubleValue());
            }
        }
    }

    private void readGains(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw InvalidEventException.invalid("'gains' must be an object of item id to gain, got " + describe(token));
        }
        raw.hasGains = true;
        itemsRead.clear();
        int count = 0;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            if (count == maxListLength) {
                throw InvalidEventException.invalid("'gains' has more than " + maxListLength
                        + " items (--max-list-length)");
            }
            addItem(p, "gains", raw.relevanceItems, count);
            JsonToken value = p.nextToken();
            if (!value.isNumeric()) {
                throw InvalidEventException.invalid("'gains' must map each item to a number, \""
                        + EventValidator.abbreviate(p.currentName()) + "\" has " + describe(value));
            }
            double gain = p.getDoubleValue();
            if (!(gain >= 0) || Double.isInfinite(gain)) {
                throw InvalidEventException.invalid("'gains' must hold finite numbers >= 0, \""
                        + EventValidator.abbreviate(p.currentName()) + "\" has " + gain);
            }
            raw.gains.add(gain);
            count++;
        }
    }

    private void readClasses(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            throw InvalidEventException.invalid("'classes' must be an array of strings, got " + describe(token));
        }
        raw.classes = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                throw InvalidEventException.invalid("'classes' must hold only strings, found " + describe(t));
            }
            if (raw.classes.size() == PredictionParser.MAX_CLASSES) {
                throw InvalidEventException.invalid("'classes' has more than " + PredictionParser.MAX_CLASSES + " names");
            }
            raw.classes.add(p.getText());
        }
    }

    private void readLabel(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                raw.labelKind = LabelKind.NUMBER;
                raw.labelNumber = p.getDoubleValue();
            }
            case VALUE_STRING -> {
                raw.labelKind = LabelKind.STRING;
                raw.labelText = p.getText();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                raw.labelKind = LabelKind.BOOLEAN;
                raw.labelBoolean = token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> raw.labelKind = LabelKind.ABSENT;
            default -> throw InvalidEventException.invalid(
                    "'label' must be a number, string or boolean, got " + describe(token));
        }
    }

    private static String text(JsonParser p, JsonToken token, String field) throws IOException, InvalidEventException {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
            case VALUE_NULL -> null;
            default -> throw InvalidEventException.invalid("'" + field + "' must be a string, got " + describe(token));
        };
    }

    private static double number(JsonParser p, JsonToken token, String field)
            throws IOException, InvalidEventException {
        if (!token.isNumeric()) {
            throw InvalidEventException.invalid("'" + field + "' must be a number, got " + describe(token));
        }
        return p.getDoubleValue();
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    /** Jackson's message without the source snippet it appends, plus where in the record it happened. */
    private static String summarize(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (e.getLocation() != null) {
            message += " (at byte " + e.getLocation().getByteOffset() + ")";
        }
        return message;
    }
}

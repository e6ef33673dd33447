package io.lossmonitor.event;

/**
 * Reads one prediction record straight from its UTF-8 bytes (streaming, no tree) and validates it into a
 * {@link PredictionEvent}, or rejects it with a reason. Not thread-safe: one instance per operator.
 */
public final class PredictionParser {

    /** The largest number of classes a distribution may have; larger arrays are rejected, not buffered. */
    public static final int MAX_CLASSES = 10_000;

    private final RawFieldsReader reader;
    private final EventValidator validator;

    /**
     * @param maxDimensions the longest vector an embedding event may have, at least 1
     * @param cosineTriplets whether triplet distances are cosine distances, so that a zero vector is rejected
     * @param rankingK how many of a ranked list's first items an event keeps: all its metrics read
     * @param maxListLength the longest ranked list or relevance label an event may have, at least 1
     */
    public PredictionParser(int maxDimensions, boolean cosineTriplets, int rankingK, int maxListLength) {
        this(new RawFieldsReader(true, maxDimensions, maxListLength), cosineTriplets, rankingK);
    }

    PredictionParser(RawFieldsReader reader, boolean cosineTriplets, int rankingK) {
        this.reader = reader;
        this.validator = new EventValidator(cosineTriplets, rankingK);
    }

    /**
     * @param bytes the record value
     * @param kafkaTimestamp the record's Kafka timestamp, used when the event has no {@code ts}; negative if none
     */
    public PredictionEvent parse(byte[] bytes, long kafkaTimestamp) throws InvalidEventException {
        return validator.validate(reader.read(bytes), kafkaTimestamp);
    }
}

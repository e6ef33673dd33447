package io.lossmonitor.event;

/**
 * Reads one prediction record straight from its UTF-8 bytes (streaming, no tree) and validates it into a
 * {@link PredictionEvent}, or rejects it with a reason. Not thread-safe: one instance per operator.
 */
public final class PredictionParser {

    /** The largest number of classes a distribution may have; larger arrays are rejected, not buffered. */
    public static final int MAX_CLASSES = 10_000;

    private final RawFieldsReader reader;
    private final EventValidator validator = new EventValidator();

    public PredictionParser() {
        this(new RawFieldsReader());
    }

    PredictionParser(RawFieldsReader reader) {
        this.reader = reader;
    }

    /**
     * @param bytes the record value
     * @param kafkaTimestamp the record's Kafka timestamp, used when the event has no {@code ts}; negative if none
     */
    public PredictionEvent parse(byte[] bytes, long kafkaTimestamp) throws InvalidEventException {
        return validator.validate(reader.read(bytes), kafkaTimestamp);
    }
}

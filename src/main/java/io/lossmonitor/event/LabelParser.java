package io.lossmonitor.event;

/**
 * Reads one label record ({@code {"id", "label", "ts"}}, or {@code "relevant"} or {@code "gains"} in place of the
 * label for a ranked list) from its UTF-8 bytes, or rejects it with a reason. Not thread-safe: one instance per
 * operator.
 */
public final class LabelParser {

    private final RawFieldsReader reader;

    /**
     * @param maxDimensions the longest vector a record may hold (a label has none: a longer one is rejected unread)
     * @param maxListLength the most items a relevance label may name, at least 1
     */
    public LabelParser(int maxDimensions, int maxListLength) {
        reader = new RawFieldsReader(true, maxDimensions, maxListLength);
    }

    public LabelEvent parse(byte[] bytes, long kafkaTimestamp) throws InvalidEventException {
        RawEventFields raw = reader.read(bytes);
        if (raw.id == null || raw.id.isEmpty()) {
            throw InvalidEventException.invalid("missing field 'id': a label event names the prediction it labels");
        }
        if (raw.id.length() > EventValidator.MAX_NAME_LENGTH) {
            throw InvalidEventException.invalid("'id' is longer than " + EventValidator.MAX_NAME_LENGTH
                    + " characters (" + raw.id.length() + ")");
        }
        if (raw.labelKind == LabelKind.ABSENT && !raw.hasRelevance()) {
            throw InvalidEventException.invalid("missing field 'label': a label event carries the ground truth "
                    + "('relevant' or 'gains' for a ranked list)");
        }
        if (raw.hasPrediction || raw.hasProbability || raw.probabilitiesShape != RawEventFields.Shape.ABSENT
                || raw.logitsShape != RawEventFields.Shape.ABSENT || raw.hasItems) {
            throw InvalidEventException.invalid("a label event has no prediction fields: send predictions to the "
                    + "predictions topic");
        }
        LabelEvent label = new LabelEvent();
        label.id = raw.id;
        label.timestamp = EventValidator.eventTime(raw.hasTimestampNumber, raw.timestampNumber, raw.timestampText,
                kafkaTimestamp);
        if (raw.hasRelevance()) {
            label.setWritten(WrittenLabel.relevance(EventValidator.relevance(raw)));
            return label;
        }
        label.labelKind = raw.labelKind;
        label.labelNumber = raw.labelNumber;
        label.labelText = raw.labelText;
        label.labelBoolean = raw.labelBoolean;
        return label;
    }
}

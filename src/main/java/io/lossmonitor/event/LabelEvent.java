package io.lossmonitor.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A label that arrives on its own topic for the prediction with the same {@code id}, as written (it is resolved
 * against the prediction's task and classes when the two meet); a Flink POJO.
 */
public class LabelEvent {

    public String id;
    /** Event time, epoch milliseconds: when the outcome became known. */
    public long timestamp;
    public LabelKind labelKind;
    public double labelNumber;
    public String labelText;
    public boolean labelBoolean;
    /** A ranked list's relevance label: the fingerprints of its items of gain above 0; null for the other kinds. */
    public long[] relevantItems;
    /** The gains of {@link #relevantItems}; null when each is 1. */
    public double[] gains;

    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public long kafkaTimestamp;
    /** The record's value, kept so that a label that does not fit its prediction can be dead-lettered as read. */
    public byte[] raw;

    public LabelEvent() {}

    /** The label as the record wrote it. */
    public WrittenLabel written() {
        return new WrittenLabel(labelKind, labelNumber, labelText, labelBoolean,
                labelKind == LabelKind.RELEVANCE ? new Relevance(relevantItems, gains) : null);
    }

    /** Sets the label as a record wrote it. */
    public void setWritten(WrittenLabel label) {
        labelKind = label.kind();
        labelNumber = label.number();
        labelText = label.text();
        labelBoolean = label.bool();
        relevantItems = label.relevance() == null ? null : label.relevance().items();
        gains = label.relevance() == null ? null : label.relevance().gains();
    }

    /** The label resolved against its prediction: regression target or class index. */
    public double resolveFor(PredictionEvent prediction) throws InvalidEventException {
        return Labels.resolve(labelKind, labelNumber, labelText, labelBoolean, prediction);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelEvent l && Objects.equals(id, l.id) && timestamp == l.timestamp
                && labelKind == l.labelKind && Double.compare(labelNumber, l.labelNumber) == 0
                && Objects.equals(labelText, l.labelText) && labelBoolean == l.labelBoolean
                && Arrays.equals(relevantItems, l.relevantItems) && Arrays.equals(gains, l.gains)
                && sourcePartition == l.sourcePartition && sourceOffset == l.sourceOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timestamp, sourcePartition, sourceOffset);
    }

    @Override
    public String toString() {
        return "LabelEvent{id=" + id + ", ts=" + timestamp + ", " + labelKind + " "
                + written() + "}";
    }
}

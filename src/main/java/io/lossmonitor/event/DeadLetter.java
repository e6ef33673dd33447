package io.lossmonitor.event;

import java.util.Arrays;
import java.util.Objects;

/** A record that could not be used, with the reason and the coordinates to find it again (a Flink POJO). */
public class DeadLetter {

    public String error;
    public RejectionKind kind;
    public String sourceTopic;
    public int partition;
    public long offset;
    public long kafkaTimestamp;
    /** The record's value as read, or a canonical rendering of the parsed event; null for a tombstone. */
    public byte[] raw;

    public DeadLetter() {}

    public DeadLetter(RejectionKind kind, String error, String sourceTopic, int partition, long offset,
                      long kafkaTimestamp, byte[] raw) {
        this.kind = kind;
        this.error = error;
        this.sourceTopic = sourceTopic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
        this.raw = raw;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter d)) {
            return false;
        }
        return partition == d.partition && offset == d.offset && kafkaTimestamp == d.kafkaTimestamp
                && kind == d.kind && Objects.equals(error, d.error) && Objects.equals(sourceTopic, d.sourceTopic)
                && Arrays.equals(raw, d.raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(error, sourceTopic, partition, offset);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + kind + ": " + error + " @" + sourceTopic + "/" + partition + "/" + offset + "}";
    }
}

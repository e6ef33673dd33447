package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelKind;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a label on its way to the label join: a flags byte, then the fields that are there. */
final class LabelWireSerializer extends WireSerializer<LabelEvent> {

    private static final long serialVersionUID = 1L;

    static final LabelWireSerializer INSTANCE = new LabelWireSerializer();

    private static final LabelKind[] KINDS = LabelKind.values();

    private static final int ID = 1;
    private static final int TEXT = 1 << 1;
    private static final int BOOLEAN = 1 << 2;
    private static final int TOPIC = 1 << 3;
    private static final int RAW = 1 << 4;
    private static final int RELEVANT = 1 << 5;
    private static final int GAINS = 1 << 6;

    private LabelWireSerializer() {}

    @Override
    public void serialize(LabelEvent l, DataOutputView out) throws IOException {
        out.writeByte((l.id != null ? ID : 0) | (l.labelText != null ? TEXT : 0) | (l.labelBoolean ? BOOLEAN : 0)
                | (l.sourceTopic != null ? TOPIC : 0) | (l.raw != null ? RAW : 0)
                | (l.relevantItems != null ? RELEVANT : 0) | (l.gains != null ? GAINS : 0));
        out.writeByte(l.labelKind == null ? -1 : l.labelKind.ordinal());
        if (l.id != null) {
            writeString(l.id, out);
        }
        out.writeLong(l.timestamp);
        out.writeDouble(l.labelNumber);
        if (l.labelText != null) {
            writeString(l.labelText, out);
        }
        if (l.sourceTopic != null) {
            writeString(l.sourceTopic, out);
        }
        out.writeInt(l.sourcePartition);
        out.writeLong(l.sourceOffset);
        out.writeLong(l.kafkaTimestamp);
        if (l.raw != null) {
            out.writeInt(l.raw.length);
            out.write(l.raw);
        }
        if (l.relevantItems != null) {
            writeLongs(l.relevantItems, out);
        }
        if (l.gains != null) {
            writeDoubles(l.gains, out);
        }
    }

    @Override
    public LabelEvent deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedByte();
        byte kind = in.readByte();
        LabelEvent l = new LabelEvent();
        l.labelKind = kind < 0 ? null : KINDS[kind];
        l.id = (flags & ID) != 0 ? readString(in) : null;
        l.timestamp = in.readLong();
        l.labelNumber = in.readDouble();
        l.labelText = (flags & TEXT) != 0 ? readString(in) : null;
        l.labelBoolean = (flags & BOOLEAN) != 0;
        l.sourceTopic = (flags & TOPIC) != 0 ? readString(in) : null;
        l.sourcePartition = in.readInt();
        l.sourceOffset = in.readLong();
        l.kafkaTimestamp = in.readLong();
        if ((flags & RAW) != 0) {
            l.raw = new byte[in.readInt()];
            in.readFully(l.raw);
        }
        l.relevantItems = (flags & RELEVANT) != 0 ? readLongs(in) : null;
        l.gains = (flags & GAINS) != 0 ? readDoubles(in) : null;
        return l;
    }

    @Override
    LabelEvent copyOf(LabelEvent from) {
        LabelEvent c = new LabelEvent();
        c.id = from.id;
        c.timestamp = from.timestamp;
        c.setWritten(from.written());
        c.sourceTopic = from.sourceTopic;
        c.sourcePartition = from.sourcePartition;
        c.sourceOffset = from.sourceOffset;
        c.kafkaTimestamp = from.kafkaTimestamp;
        c.raw = from.raw;
        return c;
    }

    @Override
    public LabelEvent createInstance() {
        return new LabelEvent();
    }

    @Override
    public TypeSerializerSnapshot<LabelEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot, for Flink's bookkeeping of the edge; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LabelEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

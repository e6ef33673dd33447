package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a prediction on its way to the label join: a flags short, then the fields that are there. */
final class PredictionWireSerializer extends WireSerializer<PredictionEvent> {

    private static final long serialVersionUID = 1L;

    static final PredictionWireSerializer INSTANCE = new PredictionWireSerializer();

    private static final Task[] TASKS = Task.values();

    private static final int VERSION = 1;
    private static final int SEGMENT = 1 << 1;
    private static final int ID = 1 << 2;
    private static final int LOGITS = 1 << 3;
    private static final int SCORES = 1 << 4;
    private static final int VECTORS = 1 << 5;
    private static final int CLASSES = 1 << 6;
    private static final int LABELLED = 1 << 7;
    private static final int COUNTS = 1 << 8;
    private static final int EXPIRED = 1 << 9;
    private static final int TOPIC = 1 << 10;
    private static final int MODEL = 1 << 11;
    private static final int ITEMS = 1 << 12;
    private static final int RELEVANT = 1 << 13;
    private static final int GAINS = 1 << 14;

    private PredictionWireSerializer() {}

    @Override
    public void serialize(PredictionEvent e, DataOutputView out) throws IOException {
        int flags = (e.version != null ? VERSION : 0) | (e.segment != null ? SEGMENT : 0) | (e.id != null ? ID : 0)
                | (e.logits ? LOGITS : 0) | (e.scores != null ? SCORES : 0) | (e.vectors != null ? VECTORS : 0)
                | (e.classes != null ? CLASSES : 0) | (e.labelled ? LABELLED : 0)
                | (e.countsAsPrediction ? COUNTS : 0) | (e.expired ? EXPIRED : 0)
                | (e.sourceTopic != null ? TOPIC : 0) | (e.model != null ? MODEL : 0) | (e.items != null ? ITEMS : 0)
                | (e.relevantItems != null ? RELEVANT : 0) | (e.gains != null ? GAINS : 0);
        out.writeShort(flags);
        out.writeByte(e.task == null ? -1 : e.task.ordinal());
        if (e.model != null) {
            writeString(e.model, out);
        }
        if (e.version != null) {
            writeString(e.version, out);
        }
        if (e.segment != null) {
            writeString(e.segment, out);
        }
        if (e.id != null) {
            writeString(e.id, out);
        }
        out.writeLong(e.timestamp);
        out.writeDouble(e.weight);
        out.writeDouble(e.score);
        if (e.scores != null) {
            writeDoubles(e.scores, out);
        }
        if (e.vectors != null) {
            out.writeInt(e.vectors.length);
            for (double[] v : e.vectors) {
                writeDoubles(v, out);
            }
        }
        if (e.classes != null) {
            out.writeInt(e.classes.length);
            for (String c : e.classes) {
                writeString(c, out);
            }
        }
        if (e.items != null) {
            out.writeInt(e.listLength);
            writeLongs(e.items, out);
        }
        if (e.relevantItems != null) {
            writeLongs(e.relevantItems, out);
        }
        if (e.gains != null) {
            writeDoubles(e.gains, out);
        }
        out.writeDouble(e.label);
        out.writeLong(e.labelDelayMs);
        if (e.sourceTopic != null) {
            writeString(e.sourceTopic, out);
        }
        out.writeInt(e.sourcePartition);
        out.writeLong(e.sourceOffset);
        out.writeLong(e.kafkaTimestamp);
    }

    @Override
    public PredictionEvent deserialize(DataInputView in) throws IOException {
        int flags = in.readUnsignedShort();
        byte task = in.readByte();
        PredictionEvent e = new PredictionEvent();
        e.task = task < 0 ? null : TASKS[task];
        e.model = (flags & MODEL) != 0 ? readString(in) : null;
        e.version = (flags & VERSION) != 0 ? readString(in) : null;
        e.segment = (flags & SEGMENT) != 0 ? readString(in) : null;
        e.id = (flags & ID) != 0 ? readString(in) : null;
        e.timestamp = in.readLong();
        e.weight = in.readDouble();
        e.score = in.readDouble();
        e.logits = (flags & LOGITS) != 0;
        if ((flags & SCORES) != 0) {
            e.scores = readDoubles(in);
        }
        if ((flags & VECTORS) != 0) {
            e.vectors = new double[in.readInt()][];
            for (int i = 0; i < e.vectors.length; i++) {
                e.vectors[i] = readDoubles(in);
            }
        }
        if ((flags & CLASSES) != 0) {
            e.classes = new String[in.readInt()];
            for (int i = 0; i < e.classes.length; i++) {
                e.classes[i] = readString(in);
            }
        }
        if ((flags & ITEMS) != 0) {
            e.listLength = in.readInt();
            e.items = readLongs(in);
        }
        e.relevantItems = (flags & RELEVANT) != 0 ? readLongs(in) : null;
        e.gains = (flags & GAINS) != 0 ? readDoubles(in) : null;
        e.labelled = (flags & LABELLED) != 0;
        e.label = in.readDouble();
        e.countsAsPrediction = (flags & COUNTS) != 0;
        e.expired = (flags & EXPIRED) != 0;
        e.labelDelayMs = in.readLong();
        e.sourceTopic = (flags & TOPIC) != 0 ? readString(in) : null;
        e.sourcePartition = in.readInt();
        e.sourceOffset = in.readLong();
        e.kafkaTimestamp = in.readLong();
        return e;
    }

    @Override
    PredictionEvent copyOf(PredictionEvent from) {
        return from.copy();
    }

    @Override
    public PredictionEvent createInstance() {
        return new PredictionEvent();
    }

    @Override
    public TypeSerializerSnapshot<PredictionEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot, for Flink's bookkeeping of the edge; nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PredictionEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}

package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.savepoint.VarInts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes what waits under an id compactly (format 3 of {@link PendingJoinSerializerSnapshot}): the number of
 * waiting predictions (0 when a label waits), then each prediction as a flags byte, its signature's index (or a
 * release-0.2 fingerprint not yet moved), event time, weight unless it is 1, and its score or scores, or a ranked
 * list's length and first k item fingerprints; or the label with its event time and where it was read. Reads formats
 * 1 and 2 too: format 2 is format 3 without ranked lists, and format 1's predictions all refer by fingerprint.
 */
final class PendingJoinSerializer extends NonCopyingStateSerializer<PendingJoin> {

    private static final long serialVersionUID = 1L;

    static final PendingJoinSerializer INSTANCE = new PendingJoinSerializer(JoinStateSnapshot.FORMAT);

    private static final int LOGITS = 1;
    private static final int WEIGHTED = 2;
    private static final int MULTICLASS = 4;
    private static final int LEGACY_REFERENCE = 8;
    private static final int RANKING = 16;

    private PendingJoinSerializer(int format) {
        super(format);
    }

    /** The serializer that reads format {@code format}. */
    static PendingJoinSerializer reading(int format) {
        return format == INSTANCE.format ? INSTANCE : new PendingJoinSerializer(format);
    }

    @Override
    public void serialize(PendingJoin pending, DataOutputView out) throws IOException {
        if (format != JoinStateSnapshot.FORMAT) {
            throw new IOException("format " + format + " of the label join's state is read, never written");
        }
        VarInts.write(pending.predictions.size(), out);
        if (pending.isLabel()) {
            writeLabel(pending.label, out);
            return;
        }
        for (WaitingPrediction p : pending.predictions) {
            boolean weighted = p.weight != 1.0;
            out.writeByte((p.logits ? LOGITS : 0) | (weighted ? WEIGHTED : 0) | (p.scores != null ? MULTICLASS : 0)
                    | (p.isLegacy() ? LEGACY_REFERENCE : 0) | (p.items != null ? RANKING : 0));
            if (p.isLegacy()) {
                out.writeLong(p.legacySignature);
            } else {
                VarInts.write(p.signature, out);
            }
            out.writeLong(p.timestamp);
            if (weighted) {
                out.writeDouble(p.weight);
            }
            if (p.items != null) {
                VarInts.write(p.listLength, out);
                VarInts.write(p.items.length, out);
                for (long item : p.items) {
                    out.writeLong(item);
                }
            } else if (p.scores != null) {
                VarInts.write(p.scores.length, out);
                for (double s : p.scores) {
                    out.writeDouble(s);
                }
            } else {
                out.writeDouble(p.score);
            }
        }
    }

    @Override
    public PendingJoin deserialize(DataInputView in) throws IOException {
        int count = VarInts.read(in);
        if (count == 0) {
            return PendingJoin.label(readLabel(in));
        }
        List<WaitingPrediction> predictions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int flags = in.readUnsignedByte();
            boolean legacy = format == 1 || (flags & LEGACY_REFERENCE) != 0;
            int signature = legacy ? WaitingPrediction.LEGACY : VarInts.read(in);
            long legacySignature = legacy ? in.readLong() : 0;
            long timestamp = in.readLong();
            double weight = (flags & WEIGHTED) != 0 ? in.readDouble() : 1.0;
            double score = 0;
            double[] scores = null;
            long[] items = null;
            int listLength = 0;
            if ((flags & RANKING) != 0) {
                listLength = VarInts.read(in);
                items = new long[VarInts.read(in)];
                for (int j = 0; j < items.length; j++) {
                    items[j] = in.readLong();
                }
            } else if ((flags & MULTICLASS) != 0) {
                scores = new double[VarInts.read(in)];
                for (int c = 0; c < scores.length; c++) {
                    scores[c] = in.readDouble();
                }
            } else {
                score = in.readDouble();
            }
            predictions.add(new WaitingPrediction(signature, legacySignature, timestamp, weight,
                    (flags & LOGITS) != 0, score, scores, items, listLength));
        }
        return PendingJoin.predictions(predictions);
    }

    private static void writeLabel(LabelEvent l, DataOutputView out) throws IOException {
        out.writeLong(l.timestamp);
        LabelCodec.write(l.written(), out);
        StringValue.writeString(l.sourceTopic, out);
        out.writeInt(l.sourcePartition);
        out.writeLong(l.sourceOffset);
        out.writeLong(l.kafkaTimestamp);
        if (l.raw == null) {
            VarInts.write(0, out);
        } else {
            VarInts.write(l.raw.length + 1, out);
            out.write(l.raw);
        }
    }

    private static LabelEvent readLabel(DataInputView in) throws IOException {
        LabelEvent l = new LabelEvent();
        l.timestamp = in.readLong();
        l.setWritten(LabelCodec.read(in));
        l.sourceTopic = StringValue.readString(in);
        l.sourcePartition = in.readInt();
        l.sourceOffset = in.readLong();
        l.kafkaTimestamp = in.readLong();
        int rawLength = VarInts.read(in) - 1;
        if (rawLength >= 0) {
            l.raw = new byte[rawLength];
            in.readFully(l.raw);
        }
        return l;
    }

    @Override
    public PendingJoin createInstance() {
        return PendingJoin.label(new LabelEvent());
    }

    @Override
    public TypeSerializerSnapshot<PendingJoin> snapshotConfiguration() {
        return new PendingJoinSerializerSnapshot();
    }
}

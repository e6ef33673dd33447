package io.lossmonitor.join;

import io.lossmonitor.event.WrittenLabel;
import io.lossmonitor.savepoint.VarInts;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a joined id's label in eight bytes when it is binary or a small class index and labelled one prediction
 * (format 2 of {@link JoinedLabelSerializerSnapshot}): the label as {@link LabelCodec} writes it, its event time as a
 * signed variable-length distance from 2026 (six bytes within 69 years of it, more beyond, never clipped), then the
 * signatures it labelled, each as a variable-length number: (index + 1) times two, plus one when another follows;
 * a single 0 when it names none. Reads format 1 too: the label, then the event time in six bytes, no signatures.
 */
final class JoinedLabelSerializer extends NonCopyingStateSerializer<JoinedLabel> {

    private static final long serialVersionUID = 1L;

    static final JoinedLabelSerializer INSTANCE = new JoinedLabelSerializer(JoinStateSnapshot.FORMAT);

    /** 2026-01-01T00:00:00Z, from which event times are written as distances. */
    private static final long TIME_ORIGIN = 1_767_225_600_000L;

    private JoinedLabelSerializer(int format) {
        super(format);
    }

    /** The serializer that reads format {@code format}. */
    static JoinedLabelSerializer reading(int format) {
        return format == INSTANCE.format ? INSTANCE : new JoinedLabelSerializer(format);
    }

    @Override
    public void serialize(JoinedLabel joined, DataOutputView out) throws IOException {
        if (format != JoinStateSnapshot.FORMAT) {
            throw new IOException("format " + format + " of the label join's state is read, never written");
        }
        LabelCodec.write(joined.label(), out);
        VarInts.writeSigned(joined.timestamp() - TIME_ORIGIN, out);
        int[] signatures = joined.signatures();
        if (signatures.length == 0) {
            out.writeByte(0);
        }
        for (int i = 0; i < signatures.length; i++) {
            VarInts.write((signatures[i] + 1) << 1 | (i < signatures.length - 1 ? 1 : 0), out);
        }
    }

    @Override
    public JoinedLabel deserialize(DataInputView in) throws IOException {
        WrittenLabel label = LabelCodec.read(in);
        if (format == 1) {
            long high = in.readShort();
            long low = Integer.toUnsignedLong(in.readInt());
            return JoinedLabel.withoutSignatures(label, high << 32 | low);
        }
        long timestamp = VarInts.readSigned(in) + TIME_ORIGIN;
        int code = VarInts.read(in);
        if (code == 0) {
            return JoinedLabel.withoutSignatures(label, timestamp);
        }
        int[] signatures = new int[1];
        int count = 0;
        while (true) {
            if (count == signatures.length) {
                signatures = Arrays.copyOf(signatures, count * 2);
            }
            signatures[count++] = (code >>> 1) - 1;
            if ((code & 1) == 0) {
                return new JoinedLabel(label, timestamp, Arrays.copyOf(signatures, count));
            }
            code = VarInts.read(in);
        }
    }

    @Override
    public JoinedLabel createInstance() {
        return JoinedLabel.withoutSignatures(WrittenLabel.UNKNOWN, 0);
    }

    @Override
    public TypeSerializerSnapshot<JoinedLabel> snapshotConfiguration() {
        return new JoinedLabelSerializerSnapshot();
    }
}

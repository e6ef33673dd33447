package io.lossmonitor.join;

import io.lossmonitor.event.WrittenLabel;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a joined id's label in seven bytes when it is binary or a small class index (format 1 of
 * {@link JoinedLabelSerializerSnapshot}): the label as {@link LabelCodec} writes it, then its event time in six
 * bytes, two's complement (epoch milliseconds from the year 1830 to 2109).
 */
final class JoinedLabelSerializer extends ImmutableStateSerializer<JoinedLabel> {

    private static final long serialVersionUID = 1L;

    static final JoinedLabelSerializer INSTANCE = new JoinedLabelSerializer();

    private static final long LARGEST_TIME = (1L << 47) - 1;

    private JoinedLabelSerializer() {}

    @Override
    public void serialize(JoinedLabel joined, DataOutputView out) throws IOException {
        LabelCodec.write(joined.label(), out);
        long t = Math.max(-LARGEST_TIME - 1, Math.min(LARGEST_TIME, joined.timestamp()));
        out.writeShort((int) (t >> 32));
        out.writeInt((int) t);
    }

    @Override
    public JoinedLabel deserialize(DataInputView in) throws IOException {
        WrittenLabel label = LabelCodec.read(in);
        long high = in.readShort();
        long low = Integer.toUnsignedLong(in.readInt());
        return new JoinedLabel(label, high << 32 | low);
    }

    @Override
    public JoinedLabel createInstance() {
        return new JoinedLabel(WrittenLabel.UNKNOWN, 0);
    }

    @Override
    public TypeSerializerSnapshot<JoinedLabel> snapshotConfiguration() {
        return new JoinedLabelSerializerSnapshot();
    }
}

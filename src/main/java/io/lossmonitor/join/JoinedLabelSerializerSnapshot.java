package io.lossmonitor.join;

import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The format of a joined id's label in the label join's state ({@link JoinedLabelSerializer}). */
public final class JoinedLabelSerializerSnapshot extends JoinStateSnapshot<JoinedLabel> {

    /** For Flink, which reads the snapshot with {@link #readSnapshot}. */
    public JoinedLabelSerializerSnapshot() {}

    @Override
    TypeSerializer<JoinedLabel> serializer(int format) {
        return JoinedLabelSerializer.reading(format);
    }
}

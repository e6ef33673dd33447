package io.lossmonitor.join;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's own serializer checks on a joined id's label: the one-byte forms of binary labels and small class
 * indices, numbers that need all their bits, text, event times from the smallest to the largest, and one, several
 * or no signatures.
 */
class JoinedLabelSerializerTest extends SerializerTestBase<JoinedLabel> {

    @Override
    protected TypeSerializer<JoinedLabel> createSerializer() {
        return JoinedLabelSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<JoinedLabel> getTypeClass() {
        return JoinedLabel.class;
    }

    @Override
    protected JoinedLabel[] getTestData() {
        return JoinStateFixtures.joinedLabels();
    }
}

package io.lossmonitor.join;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a serializer of the label join's state, kept with every checkpoint and savepoint: the version of
 * the binary format the state was written in (1 so far). A later release that changes a format raises its version
 * and reads the earlier ones.
 */
abstract class JoinStateSnapshot<T> implements TypeSerializerSnapshot<T> {

    static final int FORMAT = 1;

    private int readFormat = FORMAT;

    /** The serializer of this release's format. */
    abstract TypeSerializer<T> serializer();

    @Override
    public int getCurrentVersion() {
        return FORMAT;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {
        // The version Flink writes before the snapshot is all it holds.
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != FORMAT) {
            throw new IOException(getClass().getSimpleName() + " format " + readVersion
                    + " is not one this release reads (" + FORMAT + ")");
        }
        readFormat = readVersion;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return serializer();
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        return oldSnapshot.getClass() == getClass() && ((JoinStateSnapshot<T>) oldSnapshot).readFormat == FORMAT
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}

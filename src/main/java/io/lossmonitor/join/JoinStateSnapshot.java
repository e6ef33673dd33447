package io.lossmonitor.join;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a serializer of the label join's state, kept with every checkpoint and savepoint: the version of
 * the binary format the state was written in. Format 1 (release 0.2) referred to model signatures by fingerprint and
 * kept no signatures with a joined label; format 2 refers by index in the key group's table; format 3 adds ranked lists
 * (a waiting list's first items, a relevance label). State of an earlier
 * format is read with that format's reader and written again in the current one.
 */
abstract class JoinStateSnapshot<T> implements TypeSerializerSnapshot<T> {

    static final int FORMAT = 3;
    /** The earliest format this release reads. */
    static final int FIRST_FORMAT = 1;

    private int readFormat = FORMAT;

    /** The serializer that reads {@code format}; of the current format, the one that writes it too. */
    abstract TypeSerializer<T> serializer(int format);

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
        if (readVersion < FIRST_FORMAT || readVersion > FORMAT) {
            throw new IOException(getClass().getSimpleName() + " format " + readVersion
                    + " is not one this release reads (" + FIRST_FORMAT + " to " + FORMAT + ")");
        }
        readFormat = readVersion;
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return serializer(readFormat);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        return ((JoinStateSnapshot<T>) oldSnapshot).readFormat == FORMAT
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
}

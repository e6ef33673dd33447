package io.lossmonitor.join;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a serializer of a value of the join's state shares with the others: it never copies a value, since the join
 * replaces a value it has written rather than change it (the one field it sets on a waiting label, the id from the
 * key, is not part of the written form); no state but the version of the format it reads and writes; variable length.
 */
abstract class NonCopyingStateSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The version of the binary format ({@link JoinStateSnapshot}). */
    protected final int format;

    protected NonCopyingStateSerializer(int format) {
        this.format = format;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    @Override
    public final boolean isImmutableType() {
        return true;
    }

    @Override
    public final TypeSerializer<T> duplicate() {
        return this;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((NonCopyingStateSerializer<?>) o).format == format;
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + format;
    }
}

package io.lossmonitor.join;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What a serializer of an immutable value of the join's state shares with the others: no copies (a value is never
 * changed once written), no state but the version of the format it reads and writes, variable length.
 */
abstract class ImmutableStateSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    /** The version of the binary format ({@link JoinStateSnapshot}). */
    protected final int format;

    protected ImmutableStateSerializer(int format) {
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
        return o != null && o.getClass() == getClass() && ((ImmutableStateSerializer<?>) o).format == format;
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + format;
    }
}

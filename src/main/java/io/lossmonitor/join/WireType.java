package io.lossmonitor.join;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information of the records on the label join's two input edges, serialized by a compact serializer
 * of their own instead of the POJO serializer, which reflects over every field: the events keep their POJO type
 * everywhere else, in state above all.
 */
final class WireType<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    /** Predictions on their way to the join. */
    static final WireType<io.lossmonitor.event.PredictionEvent> PREDICTIONS =
            new WireType<>(io.lossmonitor.event.PredictionEvent.class, PredictionWireSerializer.INSTANCE);
    /** Labels on their way to the join. */
    static final WireType<io.lossmonitor.event.LabelEvent> LABELS =
            new WireType<>(io.lossmonitor.event.LabelEvent.class, LabelWireSerializer.INSTANCE);

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    private WireType(Class<T> type, TypeSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return type.getSimpleName() + " on the wire";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof WireType<?> other && other.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof WireType;
    }
}

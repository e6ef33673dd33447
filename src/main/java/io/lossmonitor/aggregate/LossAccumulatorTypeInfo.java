package io.lossmonitor.aggregate;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information of {@link LossAccumulator}: serialized by {@link LossAccumulatorSerializer}. */
public final class LossAccumulatorTypeInfo extends TypeInformation<LossAccumulator> {

    private static final long serialVersionUID = 1L;

    /** Lets Flink find this type information wherever a {@link LossAccumulator} appears, fields of POJOs included. */
    public static final class Factory extends TypeInfoFactory<LossAccumulator> {
        @Override
        public TypeInformation<LossAccumulator> createTypeInfo(Type t, Map<String, TypeInformation<?>> parameters) {
            return new LossAccumulatorTypeInfo();
        }
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
    public Class<LossAccumulator> getTypeClass() {
        return LossAccumulator.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<LossAccumulator> createSerializer(SerializerConfig config) {
        return LossAccumulatorSerializer.CURRENT;
    }

    @Override
    public String toString() {
        return "LossAccumulator";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LossAccumulatorTypeInfo;
    }

    @Override
    public int hashCode() {
        return LossAccumulatorTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof LossAccumulatorTypeInfo;
    }
}

package io.lossmonitor.sketch;

import io.lossmonitor.savepoint.VarInts;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The compact written form of the summaries' numbers: variable-length integers, and weights that are mostly whole
 * (as floats or, where a sum must keep its precision, as doubles).
 */
final class CompactNumbers {

    private CompactNumbers() {}

    /** A whole weight below 2^27 as an even variable-length integer; any other as 1 and the float. */
    static void writeWeight(DataOutputView out, float weight) throws IOException {
        if (weight == Math.rint(weight) && weight >= 0 && weight < (1 << 27)) {
            VarInts.writeUnsigned((long) weight << 1, out);
        } else {
            VarInts.writeUnsigned(1, out);
            out.writeFloat(weight);
        }
    }

    static float readWeight(DataInputView in) throws IOException {
        long code = VarInts.readUnsigned(in);
        return code == 1 ? in.readFloat() : (float) (code >>> 1);
    }

    /** A whole weight below 2^27 as an even variable-length integer; any other as 1 and the double. */
    static void writeExactWeight(DataOutputView out, double weight) throws IOException {
        if (weight == Math.rint(weight) && weight >= 0 && weight < (1 << 27)) {
            VarInts.writeUnsigned((long) weight << 1, out);
        } else {
            VarInts.writeUnsigned(1, out);
            out.writeDouble(weight);
        }
    }

    static double readExactWeight(DataInputView in) throws IOException {
        long code = VarInts.readUnsigned(in);
        return code == 1 ? in.readDouble() : (double) (code >>> 1);
    }
}

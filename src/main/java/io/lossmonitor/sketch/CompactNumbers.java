package io.lossmonitor.sketch;

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
            writeVarint(out, (long) weight << 1);
        } else {
            writeVarint(out, 1);
            out.writeFloat(weight);
        }
    }

    static float readWeight(DataInputView in) throws IOException {
        long code = readVarint(in);
        return code == 1 ? in.readFloat() : (float) (code >>> 1);
    }

    /** A whole weight below 2^27 as an even variable-length integer; any other as 1 and the double. */
    static void writeExactWeight(DataOutputView out, double weight) throws IOException {
        if (weight == Math.rint(weight) && weight >= 0 && weight < (1 << 27)) {
            writeVarint(out, (long) weight << 1);
        } else {
            writeVarint(out, 1);
            out.writeDouble(weight);
        }
    }

    static double readExactWeight(DataInputView in) throws IOException {
        long code = readVarint(in);
        return code == 1 ? in.readDouble() : (double) (code >>> 1);
    }

    /** Seven bits a byte, low first; a negative value takes ten bytes. */
    static void writeVarint(DataOutputView out, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static long readVarint(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}

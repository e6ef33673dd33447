package io.lossmonitor.savepoint;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The variable-length numbers of every compact state format, seven bits a byte, low first: non-negative ints
 * (counts, lengths, indices) in one byte below 128, any long as its 64 bits (a negative one in ten bytes), and any
 * long zigzag-coded, in as many bytes as its distance from zero needs.
 */
public final class VarInts {

    private VarInts() {}

    public static void write(int value, DataOutputView out) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        writeUnsigned(value, out);
    }

    public static int read(DataInputView in) throws IOException {
        long value = readUnsigned(in, 35);
        if (value > Integer.MAX_VALUE) {
            throw new IOException("malformed variable-length int");
        }
        return (int) value;
    }

    /** Any long, without loss: small magnitudes, negative or positive, take few bytes. */
    public static void writeSigned(long value, DataOutputView out) throws IOException {
        writeUnsigned((value << 1) ^ (value >> 63), out);
    }

    public static long readSigned(DataInputView in) throws IOException {
        long zigzag = readUnsigned(in, 70);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    /** Any long as its 64 bits: small non-negative values take few bytes, a negative one ten. */
    public static void writeUnsigned(long value, DataOutputView out) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long readUnsigned(DataInputView in) throws IOException {
        return readUnsigned(in, 70);
    }

    private static long readUnsigned(DataInputView in, int maxBits) throws IOException {
        long value = 0;
        for (int shift = 0; shift < maxBits; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new IOException("malformed variable-length number");
    }
}

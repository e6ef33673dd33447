package io.lossmonitor.join;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Non-negative ints in one byte below 128, two below 16,384, and so on: the counts and lengths of join state. */
final class VarInts {

    private VarInts() {}

    static void write(int value, DataOutputView out) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        while (value >= 0x80) {
            out.writeByte(value & 0x7F | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    static int read(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw new IOException("malformed variable-length int");
    }
}

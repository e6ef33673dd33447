package io.lossmonitor.join;

import io.lossmonitor.event.Relevance;
import io.lossmonitor.event.WrittenLabel;
import io.lossmonitor.savepoint.VarInts;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a label as written in as few bytes as the join's state allows: one byte for {@code true}, {@code false}
 * and the class indices 0 to 111 (every binary label and most multi-class ones), nine for any other number; a ranked
 * list's relevance as its items' fingerprints and, when graded, their gains.
 */
final class LabelCodec {

    private static final int UNKNOWN = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int NUMBER = 3;
    private static final int TEXT = 4;
    private static final int RELEVANT = 5;
    private static final int GAINS = 6;
    /** Tags from here on are the whole numbers 0, 1, 2, … themselves. */
    private static final int SMALL_WHOLE_NUMBER = 16;
    private static final int LARGEST_SMALL_WHOLE_NUMBER = 127 - SMALL_WHOLE_NUMBER;

    private LabelCodec() {}

    static void write(WrittenLabel label, DataOutputView out) throws IOException {
        switch (label.kind()) {
            case ABSENT -> out.writeByte(UNKNOWN);
            case BOOLEAN -> out.writeByte(label.bool() ? TRUE : FALSE);
            case STRING -> {
                out.writeByte(TEXT);
                StringValue.writeString(label.text(), out);
            }
            case NUMBER -> {
                double n = label.number();
                // -0.0 must read back as -0.0: only exact small whole numbers take the one-byte form.
                if (n >= 0 && n <= LARGEST_SMALL_WHOLE_NUMBER && n == Math.rint(n)
                        && Double.doubleToRawLongBits(n) != Double.doubleToRawLongBits(-0.0)) {
                    out.writeByte(SMALL_WHOLE_NUMBER + (int) n);
                } else {
                    out.writeByte(NUMBER);
                    out.writeDouble(n);
                }
            }
            case RELEVANCE -> writeRelevance(label.relevance(), out);
            default -> throw new IllegalStateException("unknown label kind " + label.kind());
        }
    }

    private static void writeRelevance(Relevance relevance, DataOutputView out) throws IOException {
        out.writeByte(relevance.gains() == null ? RELEVANT : GAINS);
        VarInts.write(relevance.size(), out);
        for (int j = 0; j < relevance.size(); j++) {
            out.writeLong(relevance.items()[j]);
            if (relevance.gains() != null) {
                out.writeDouble(relevance.gains()[j]);
            }
        }
    }

    private static WrittenLabel readRelevance(boolean graded, DataInputView in) throws IOException {
        int size = VarInts.read(in);
        long[] items = new long[size];
        double[] gains = graded ? new double[size] : null;
        for (int j = 0; j < size; j++) {
            items[j] = in.readLong();
            if (graded) {
                gains[j] = in.readDouble();
            }
        }
        return WrittenLabel.relevance(new Relevance(items, gains));
    }

    static WrittenLabel read(DataInputView in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case UNKNOWN -> WrittenLabel.UNKNOWN;
            case FALSE -> WrittenLabel.bool(false);
            case TRUE -> WrittenLabel.bool(true);
            case NUMBER -> WrittenLabel.number(in.readDouble());
            case TEXT -> WrittenLabel.text(StringValue.readString(in));
            case RELEVANT -> readRelevance(false, in);
            case GAINS -> readRelevance(true, in);
            default -> {
                if (tag < SMALL_WHOLE_NUMBER || tag > 127) {
                    throw new IOException("unknown label tag " + tag);
                }
                yield WrittenLabel.number(tag - SMALL_WHOLE_NUMBER);
            }
        };
    }

    static void copy(DataInputView in, DataOutputView out) throws IOException {
        write(read(in), out);
    }
}

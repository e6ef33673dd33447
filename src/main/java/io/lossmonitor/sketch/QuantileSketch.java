package io.lossmonitor.sketch;

import java.io.IOException;
import java.util.Arrays;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A mergeable summary of one per-event value's distribution for its quantiles: the values themselves while there
 * are few (exact, and as small in state as the window), a DataSketches KLL sketch beyond, whose rank error is at most
 * 0.01 (at DataSketches' 99 % confidence). An event counts {@code max(1, round(weight))} times, at most 2^40: KLL
 * weighs in whole numbers; a value beyond the range of 32-bit floats counts as the largest float of its sign.
 * Reading it never changes it; adding and merging are for one thread.
 */
public final class QuantileSketch implements PartState<QuantileSketch> {

    /** KLL's accuracy parameter: its normalized rank error for quantiles is 0.0099 at 270. */
    static final int K = 270;
    /** Values kept as they are before a KLL sketch takes over: a KLL sketch holds this many exactly anyway. */
    public static final int EXACT = 256;

    private static final byte EXACT_FORM = 0;
    private static final byte SKETCH_FORM = 1;
    /** The values, each of weight 1. */
    private static final byte UNWEIGHTED_FORM = 2;

    private float[] values = new float[4];
    /** The most times one event counts, so that no weight can overflow the sketch's count of 2^63. */
    static final long MAX_COUNT = 1L << 40;

    /** The weight of each value; null while every weight is 1. */
    private long[] weights;
    private int size;
    private KllFloatsSketch sketch;

    public void add(double value, double weight) {
        add((float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, value)),
                Math.max(1L, Math.min(MAX_COUNT, Math.round(weight))));
    }

    private void add(float value, long weight) {
        if (sketch != null) {
            if (weight == 1) {
                sketch.update(value);
            } else {
                sketch.update(value, weight);
            }
            return;
        }
        if (size == EXACT) {
            sketch = KllFloatsSketch.newHeapInstance(K);
            for (int i = 0; i < size; i++) {
                add(values[i], weight(i));
            }
            values = null;
            weights = null;
            add(value, weight);
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, 2 * size);
            if (weights != null) {
                weights = Arrays.copyOf(weights, 2 * size);
            }
        }
        if (weight != 1 && weights == null) {
            weights = new long[values.length];
            Arrays.fill(weights, 0, size, 1L);
        }
        values[size] = value;
        if (weights != null) {
            weights[size] = weight;
        }
        size++;
    }

    private long weight(int i) {
        return weights == null ? 1L : weights[i];
    }

    @Override
    public void merge(QuantileSketch other) {
        if (other.sketch == null) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i], other.weight(i));
            }
            return;
        }
        if (sketch == null) {
            float[] mine = values;
            long[] myWeights = weights;
            int mySize = size;
            sketch = KllFloatsSketch.heapify(Memory.wrap(other.sketch.toByteArray()));
            values = null;
            weights = null;
            size = 0;
            for (int i = 0; i < mySize; i++) {
                add(mine[i], myWeights == null ? 1L : myWeights[i]);
            }
            return;
        }
        sketch.merge(other.sketch);
    }

    /**
     * The smallest value whose share of the events' weight at or below it reaches {@code rank}, as KLL's inclusive
     * quantile defines it; NaN without events.
     */
    public double quantile(double rank) {
        if (sketch != null) {
            return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
        }
        if (size == 0) {
            return Double.NaN;
        }
        if (weights == null) {
            float[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(rank * size) - 1)];
        }
        // Each value as its bits, ordered as the floats are, above its index: sorting these sorts the values.
        long[] order = new long[size];
        long total = 0;
        for (int i = 0; i < size; i++) {
            int bits = Float.floatToIntBits(values[i]);
            order[i] = ((long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32) | i;
            total += weights[i];
        }
        Arrays.sort(order);
        long below = 0;
        for (long key : order) {
            int i = (int) key;
            below += weights[i];
            if (below >= rank * total) {
                return values[i];
            }
        }
        return values[(int) order[size - 1]];
    }

    @Override
    public QuantileSketch copy() {
        QuantileSketch copy = new QuantileSketch();
        if (sketch != null) {
            copy.sketch = KllFloatsSketch.heapify(Memory.wrap(sketch.toByteArray()));
            copy.values = null;
            copy.weights = null;
        } else {
            copy.values = values.clone();
            copy.weights = weights == null ? null : weights.clone();
            copy.size = size;
        }
        return copy;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        if (sketch == null) {
            out.writeByte(weights == null ? UNWEIGHTED_FORM : EXACT_FORM);
            out.writeInt(size);
            for (int i = 0; i < size; i++) {
                out.writeFloat(values[i]);
                if (weights != null) {
                    out.writeLong(weights[i]);
                }
            }
        } else {
            out.writeByte(SKETCH_FORM);
            byte[] bytes = sketch.toByteArray();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    public static QuantileSketch read(DataInputView in) throws IOException {
        QuantileSketch read = new QuantileSketch();
        byte form = in.readByte();
        if (form == SKETCH_FORM) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            read.sketch = KllFloatsSketch.heapify(Memory.wrap(bytes));
            read.values = null;
            read.weights = null;
            return read;
        }
        if (form != EXACT_FORM && form != UNWEIGHTED_FORM) {
            throw new IOException("unknown form " + form + " of a quantile sketch");
        }
        int size = in.readInt();
        read.values = new float[Math.max(4, size)];
        read.weights = form == EXACT_FORM ? new long[Math.max(4, size)] : null;
        for (int i = 0; i < size; i++) {
            read.values[i] = in.readFloat();
            if (read.weights != null) {
                read.weights[i] = in.readLong();
            }
        }
        read.size = size;
        return read;
    }

    /** Same values and weights in the same form (for tests of the serializer). */
    public boolean sameAs(QuantileSketch other) {
        if (sketch != null || other.sketch != null) {
            return sketch != null && other.sketch != null
                    && Arrays.equals(sketch.toByteArray(), other.sketch.toByteArray());
        }
        if (size != other.size || !Arrays.equals(values, 0, size, other.values, 0, other.size)) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (weight(i) != other.weight(i)) {
                return false;
            }
        }
        return true;
    }
}

package io.lossmonitor.window;

import java.io.IOException;
import java.util.Arrays;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A mergeable summary of one per-event value's distribution for its quantiles: the values themselves while there
 * are few (exact, and small in state), a DataSketches KLL sketch beyond, whose rank error is at most 0.01 (at
 * DataSketches' 99 % confidence). An event counts {@code max(1, round(weight))} times: KLL weighs in whole numbers.
 * Not thread-safe.
 */
final class QuantileSketch {

    /** KLL's accuracy parameter: its normalized rank error for quantiles is 0.0099 at 270. */
    static final int K = 270;
    /** Values kept as they are before a KLL sketch takes over. */
    static final int EXACT = 32;

    private static final byte EXACT_FORM = 0;
    private static final byte SKETCH_FORM = 1;

    private float[] values = new float[4];
    private long[] weights = new long[4];
    private int size;
    private KllFloatsSketch sketch;

    void add(double value, double weight) {
        add((float) value, Math.max(1L, Math.round(weight)));
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
                add(values[i], weights[i]);
            }
            values = null;
            weights = null;
            add(value, weight);
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, 2 * size);
            weights = Arrays.copyOf(weights, 2 * size);
        }
        values[size] = value;
        weights[size] = weight;
        size++;
    }

    void merge(QuantileSketch other) {
        if (other.sketch == null) {
            for (int i = 0; i < other.size; i++) {
                add(other.values[i], other.weights[i]);
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
                add(mine[i], myWeights[i]);
            }
            return;
        }
        sketch.merge(other.sketch);
    }

    /**
     * The smallest value whose share of the events' weight at or below it reaches {@code rank}, as KLL's inclusive
     * quantile defines it; NaN without events.
     */
    double quantile(double rank) {
        if (sketch != null) {
            return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
        }
        if (size == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[size];
        long total = 0;
        for (int i = 0; i < size; i++) {
            order[i] = i;
            total += weights[i];
        }
        Arrays.sort(order, (a, b) -> Float.compare(values[a], values[b]));
        long below = 0;
        for (Integer i : order) {
            below += weights[i];
            if (below >= rank * total) {
                return values[i];
            }
        }
        return values[order[size - 1]];
    }

    QuantileSketch copy() {
        QuantileSketch copy = new QuantileSketch();
        if (sketch != null) {
            copy.sketch = KllFloatsSketch.heapify(Memory.wrap(sketch.toByteArray()));
            copy.values = null;
            copy.weights = null;
        } else {
            copy.values = values.clone();
            copy.weights = weights.clone();
            copy.size = size;
        }
        return copy;
    }

    void write(DataOutputView out) throws IOException {
        if (sketch == null) {
            out.writeByte(EXACT_FORM);
            out.writeInt(size);
            for (int i = 0; i < size; i++) {
                out.writeFloat(values[i]);
                out.writeLong(weights[i]);
            }
        } else {
            out.writeByte(SKETCH_FORM);
            byte[] bytes = sketch.toByteArray();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static QuantileSketch read(DataInputView in) throws IOException {
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
        if (form != EXACT_FORM) {
            throw new IOException("unknown form " + form + " of a quantile sketch");
        }
        int size = in.readInt();
        read.values = new float[Math.max(4, size)];
        read.weights = new long[Math.max(4, size)];
        for (int i = 0; i < size; i++) {
            read.values[i] = in.readFloat();
            read.weights[i] = in.readLong();
        }
        read.size = size;
        return read;
    }

    /** Same values and weights in the same form (for tests of the serializer). */
    boolean sameAs(QuantileSketch other) {
        if (sketch != null || other.sketch != null) {
            return sketch != null && other.sketch != null
                    && Arrays.equals(sketch.toByteArray(), other.sketch.toByteArray());
        }
        return size == other.size && Arrays.equals(values, 0, size, other.values, 0, other.size)
                && Arrays.equals(weights, 0, size, other.weights, 0, other.size);
    }
}

package io.lossmonitor.sketch;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The label delays of a window, a KLL quantile sketch (mergeable, a few KB at most), whose median is accurate to about
 * 1 % of rank. It is kept live while the window adds and merges, and written as the sketch's bytes, the form every
 * release has written. Adding and merging are for one thread.
 */
public final class LabelDelays {

    /** KLL accuracy parameter: about 1.3 % normalized rank error. */
    private static final int K = 200;

    private final KllDoublesSketch sketch;

    private LabelDelays(KllDoublesSketch sketch) {
        this.sketch = sketch;
    }

    public LabelDelays() {
        this(KllDoublesSketch.newHeapInstance(K));
    }

    /** The delays written as {@code bytes}; null for null. */
    public static LabelDelays read(byte[] bytes) {
        return bytes == null ? null : new LabelDelays(KllDoublesSketch.heapify(Memory.wrap(bytes)));
    }

    public void add(long delayMs) {
        sketch.update(delayMs);
    }

    /** Adds the delays of {@code other}, which stays as it is. */
    public void merge(LabelDelays other) {
        sketch.merge(other.sketch);
    }

    public LabelDelays copy() {
        return read(toBytes());
    }

    public byte[] toBytes() {
        return sketch.toByteArray();
    }

    public double median() {
        return sketch.isEmpty() ? Double.NaN : sketch.getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE);
    }
}

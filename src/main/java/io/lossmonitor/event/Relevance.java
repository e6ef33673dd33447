package io.lossmonitor.event;

import java.util.Arrays;

/**
 * A ranked list's relevance label: the fingerprints of the items with a gain above 0 ({@link ItemFingerprint}), each
 * once, and their gains; {@code gains} is null when each is 1 (a label of {@code relevant} items). Items of gain 0
 * are left out: no metric reads them.
 */
public record Relevance(long[] items, double[] gains) {

    /** The gain of the j-th item. */
    public double gain(int j) {
        return gains == null ? 1.0 : gains[j];
    }

    public int size() {
        return items.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Relevance r && Arrays.equals(items, r.items) && Arrays.equals(gains, r.gains);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(items) * 31 + Arrays.hashCode(gains);
    }

    @Override
    public String toString() {
        return gains == null ? items.length + " relevant items" : items.length + " items with gains";
    }
}

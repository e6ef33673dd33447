package io.lossmonitor.event;

import java.util.Arrays;

/**
 * The items of one list read so far, by their 128-bit fingerprints, to find a repeated item as it is read: an
 * open-addressed table reused for every list, emptied in O(1) by a new generation, and grown as a longer list needs.
 * Not thread-safe.
 */
final class ItemSet {

    private long[] keys;
    private int[] generations;
    private int mask;
    private int size;
    private int generation = 1;

    ItemSet() {
        allocate(64);
    }

    private void allocate(int slots) {
        keys = new long[2 * slots];
        generations = new int[slots];
        mask = slots - 1;
        generation = 1;
        size = 0;
    }

    /** Empties the set. */
    void clear() {
        size = 0;
        if (++generation == 0) {
            Arrays.fill(generations, 0);
            generation = 1;
        }
    }

    /** Adds an item; false when it is there already. */
    boolean add(long high, long low) {
        if (2 * (size + 1) > generations.length) {
            grow();
        }
        int slot = slotOf(high);
        while (generations[slot] == generation) {
            if (keys[2 * slot] == high && keys[2 * slot + 1] == low) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        put(slot, high, low);
        return true;
    }

    private int slotOf(long high) {
        return (int) (high ^ high >>> 32) & mask;
    }

    private void put(int slot, long high, long low) {
        generations[slot] = generation;
        keys[2 * slot] = high;
        keys[2 * slot + 1] = low;
        size++;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldGenerations = generations;
        int oldGeneration = generation;
        allocate(2 * oldGenerations.length);
        for (int s = 0; s < oldGenerations.length; s++) {
            if (oldGenerations[s] == oldGeneration) {
                int slot = slotOf(oldKeys[2 * s]);
                while (generations[slot] == generation) {
                    slot = (slot + 1) & mask;
                }
                put(slot, oldKeys[2 * s], oldKeys[2 * s + 1]);
            }
        }
    }
}

package io.lossmonitor.window;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.aggregate.MomentLayout;
import io.lossmonitor.event.Task;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A combiner's open panes by (key, pane start), in an open-addressing table of the panes themselves: finding a pane
 * reads one table slot and the pane, with no entry objects in between, which matters once the panes far outgrow
 * the CPU caches (100,000 keys). Not thread-safe.
 */
final class OpenPanes {

    private static final int INITIAL_SLOTS = 64;

    private Pane[] slots = new Pane[INITIAL_SLOTS];
    private int size;
    private long earliestStart = Long.MAX_VALUE;

    int size() {
        return size;
    }

    /** The start of the earliest open pane, {@link Long#MAX_VALUE} if none is open. */
    long earliestStart() {
        return earliestStart;
    }

    /** The open pane of a key, opened (empty) if it is not open yet. */
    Pane open(String model, String version, String segment, Task task, long paneStart) {
        int hash = hash(model, version, segment, task, paneStart);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Pane pane = slots[i];
            if (pane == null) {
                pane = new Pane(model, version, segment, task, paneStart, hash);
                slots[i] = pane;
                earliestStart = Math.min(earliestStart, paneStart);
                if (++size > slots.length / 2) {
                    rehash(slots.length * 2);
                }
                return pane;
            }
            if (pane.hash == hash && pane.is(model, version, segment, task, paneStart)) {
                return pane;
            }
        }
    }

    /** Removes every pane that starts at or before {@code lastStart}, handing each to {@code removed}. */
    void removeUpTo(long lastStart, Consumer<Pane> removed) {
        Pane[] old = slots;
        slots = new Pane[old.length];
        size = 0;
        long earliest = Long.MAX_VALUE;
        for (Pane pane : old) {
            if (pane == null) {
                continue;
            }
            if (pane.paneStart <= lastStart) {
                removed.accept(pane);
            } else {
                insert(pane);
                earliest = Math.min(earliest, pane.paneStart);
            }
        }
        earliestStart = earliest;
    }

    void forEach(Consumer<Pane> action) {
        for (Pane pane : slots) {
            if (pane != null) {
                action.accept(pane);
            }
        }
    }

    private void rehash(int length) {
        Pane[] old = slots;
        slots = new Pane[length];
        size = 0;
        for (Pane pane : old) {
            if (pane != null) {
                insert(pane);
            }
        }
    }

    private void insert(Pane pane) {
        int mask = slots.length - 1;
        int i = pane.hash & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = pane;
        size++;
    }

    private static int hash(String model, String version, String segment, Task task, long paneStart) {
        int h = Objects.hashCode(model);
        h = 31 * h + Objects.hashCode(version);
        h = 31 * h + Objects.hashCode(segment);
        h = 31 * h + task.ordinal();
        h = 31 * h + Long.hashCode(paneStart);
        // Linear probing takes the low bits, so every input bit is spread over them (Fibonacci hashing).
        int spread = h * 0x9E3779B9;
        return spread ^ (spread >>> 16);
    }

    /**
     * One key's events of one pane so far; the pane is its own accumulator, so adding an event reads the pane and
     * its array of moments and nothing else.
     */
    static final class Pane extends LossAccumulator {
        final String model;
        final String version;
        final String segment;
        final Task task;
        final long paneStart;
        final int hash;
        long events;

        private Pane(String model, String version, String segment, Task task, long paneStart, int hash) {
            super(task, new double[MomentLayout.of(task).length()], 0, 0, null);
            this.model = model;
            this.version = version;
            this.segment = segment;
            this.task = task;
            this.paneStart = paneStart;
            this.hash = hash;
        }

        private boolean is(String model, String version, String segment, Task task, long paneStart) {
            return this.paneStart == paneStart && this.task == task && Objects.equals(this.model, model)
                    && Objects.equals(this.version, version) && Objects.equals(this.segment, segment);
        }

        ModelKey modelKey() {
            return new ModelKey(model, version, segment, task);
        }

        /** This pane's partial as a plain accumulator, the type that crosses the network and checkpoints. */
        LossAccumulator partial() {
            return plainCopy();
        }
    }
}

package io.lossmonitor.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects aggregate rows per window firing and prints each window once its rows have stopped arriving: the
 * parallel subtasks of one window can commit in consecutive checkpoints.
 */
final class WindowPrinter {

    /** Longer than the demo's checkpoint interval, so the rows of one window are printed together. */
    private static final long SETTLE_NANOS = 1_500_000_000L;

    private final PrintStream out;
    private final Map<String, List<AggregateTable.Row>> pending = new LinkedHashMap<>();
    private final Map<String, Long> lastArrival = new LinkedHashMap<>();

    WindowPrinter(PrintStream out) {
        this.out = out;
    }

    void add(AggregateTable.Row row) {
        String window = row.windowStart() + "#" + row.revision();
        pending.computeIfAbsent(window, k -> new ArrayList<>()).add(row);
        lastArrival.put(window, System.nanoTime());
    }

    /** Prints the windows that received no row for a while. */
    void printSettled(long now) {
        Iterator<Map.Entry<String, List<AggregateTable.Row>>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, List<AggregateTable.Row>> window = it.next();
            if (now - lastArrival.get(window.getKey()) >= SETTLE_NANOS) {
                AggregateTable.print(window.getValue(), out);
                lastArrival.remove(window.getKey());
                it.remove();
            }
        }
    }

    void printAll() {
        pending.values().forEach(rows -> AggregateTable.print(rows, out));
        pending.clear();
        lastArrival.clear();
    }
}

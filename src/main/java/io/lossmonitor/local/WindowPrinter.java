package io.lossmonitor.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects aggregate rows, alerts and comparisons per window firing and prints each window (its table, then its
 * lines) once its records have stopped arriving: the parallel subtasks of one window can commit in consecutive
 * checkpoints.
 */
final class WindowPrinter {

    /** Longer than the demo's checkpoint interval, so the rows of one window are printed together. */
    private static final long SETTLE_NANOS = 1_500_000_000L;

    private final PrintStream out;
    private final Map<String, List<AggregateTable.Row>> pending = new LinkedHashMap<>();
    private final Map<String, Long> lastArrival = new LinkedHashMap<>();
    private final Map<String, List<String>> lines = new LinkedHashMap<>();

    WindowPrinter(PrintStream out) {
        this.out = out;
    }

    void add(AggregateTable.Row row) {
        String window = row.windowStart() + "#" + row.revision();
        pending.computeIfAbsent(window, k -> new ArrayList<>()).add(row);
        lastArrival.put(window, System.nanoTime());
    }

    /** An alert or comparison line, printed after the table of the window it belongs to. */
    void addLine(String windowStart, String line) {
        String window = windowStart + "#0";
        lines.computeIfAbsent(window, k -> new ArrayList<>()).add(line);
        lastArrival.put(window, System.nanoTime());
        pending.computeIfAbsent(window, k -> new ArrayList<>());
    }

    /** Prints the windows that received no row for a while. */
    void printSettled(long now) {
        Iterator<Map.Entry<String, List<AggregateTable.Row>>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, List<AggregateTable.Row>> window = it.next();
            if (now - lastArrival.get(window.getKey()) >= SETTLE_NANOS) {
                print(window.getKey(), window.getValue());
                lastArrival.remove(window.getKey());
                it.remove();
            }
        }
    }

    void printAll() {
        pending.forEach(this::print);
        pending.clear();
        lastArrival.clear();
    }

    private void print(String window, List<AggregateTable.Row> rows) {
        if (!rows.isEmpty()) {
            AggregateTable.print(rows, out);
        }
        List<String> windowLines = lines.remove(window);
        if (windowLines != null) {
            windowLines.forEach(out::println);
        }
    }
}

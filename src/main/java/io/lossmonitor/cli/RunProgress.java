package io.lossmonitor.cli;

import io.lossmonitor.alert.DriftDetector;
import io.lossmonitor.pipeline.DeadLetterRouter;
import io.lossmonitor.pipeline.LateEventDeadLetters;
import io.lossmonitor.window.CountingEventTimeTrigger;
import io.lossmonitor.window.KeyLimit;
import io.lossmonitor.window.WindowResultFunction;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job has done so far, summed over its subtasks: records read, events aggregated, dead letters by reason,
 * late events, events over the key limit, windows written, alerts raised, and its windows' event time.
 *
 * @param watermark the window operator's lowest watermark, epoch ms; null before the first, {@link Long#MAX_VALUE}
 *     once the input has ended
 */
public record RunProgress(long recordsRead, long eventsAggregated, Map<String, Long> deadLetters, long lateEvents,
                          long overKeyLimit, long windowsWritten, long alertsRaised, Long watermark) {

    public static final RunProgress NOTHING = new RunProgress(0, 0, Map.of(), 0, 0, 0, 0, null);

    /** From counter totals by name ({@code deadLettered/<reason>} per reason). */
    static RunProgress from(Map<String, Long> totals, Long watermark) {
        Map<String, Long> deadLetters = new TreeMap<>();
        String prefix = DeadLetterRouter.DEAD_LETTERED + "/";
        totals.forEach((name, count) -> {
            if (name.startsWith(prefix) && count > 0) {
                deadLetters.put(name.substring(prefix.length()), count);
            }
        });
        return new RunProgress(totals.getOrDefault(DeadLetterRouter.RECORDS_READ, 0L),
                totals.getOrDefault(CountingEventTimeTrigger.EVENTS_AGGREGATED, 0L), deadLetters,
                totals.getOrDefault(LateEventDeadLetters.LATE_EVENTS, 0L),
                totals.getOrDefault(KeyLimit.KEYS_REJECTED, 0L),
                totals.getOrDefault(WindowResultFunction.WINDOWS_WRITTEN, 0L),
                totals.getOrDefault(DriftDetector.ALERTS_RAISED, 0L), watermark);
    }

    public long deadLettered() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }
}

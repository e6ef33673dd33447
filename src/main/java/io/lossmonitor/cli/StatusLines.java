package io.lossmonitor.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The text of the command line's progress: a status line (plain, or a progress bar for a terminal) and the summary
 * at the end, from a job's {@link RunProgress}.
 */
final class StatusLines {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int BAR = 30;

    private StatusLines() {}

    /**
     * E.g. "12:00:05 read 6,000 of 12,345 (48.6 %, 2,010/s, about 3s left) · aggregated 5,800 · dead letters 200
     * (malformed 200) · late 0 · windows 12 · alerts 1 · event time 2d behind the clock".
     *
     * @param toRead the records a bounded run reads, 0 when unknown or unbounded
     * @param perSecond records read per second since the previous line
     */
    static String status(Instant now, RunProgress p, long toRead, double perSecond) {
        StringBuilder line = new StringBuilder(clock(now)).append(" read ").append(count(p.recordsRead()));
        if (toRead > 0) {
            line.append(" of ").append(count(toRead)).append(String.format(Locale.ROOT, " (%.1f %%, %s/s%s)",
                    percent(p.recordsRead(), toRead), count(Math.round(perSecond)), timeLeft(p, toRead, perSecond)));
        } else {
            line.append(" (").append(count(Math.round(perSecond))).append("/s)");
        }
        return line.append(" · ").append(counts(p)).append(" · ").append(eventTime(now, p.watermark())).toString();
    }

    /** A progress bar of a bounded run, to redraw in place on a terminal. */
    static String bar(RunProgress p, long toRead, double perSecond) {
        double percent = percent(p.recordsRead(), toRead);
        int filled = (int) Math.round(percent / 100 * BAR);
        return String.format(Locale.ROOT, "[%s%s] %5.1f %% · read %s of %s · %s/s%s", "#".repeat(filled),
                ".".repeat(BAR - filled), percent, count(p.recordsRead()), count(toRead),
                count(Math.round(perSecond)), timeLeft(p, toRead, perSecond));
    }

    /** E.g. "Done in 12.3 s: read 12,345 records · aggregated 12,000 · …". */
    static String summary(String how, Duration elapsed, RunProgress p) {
        return String.format(Locale.ROOT, "%s in %s: read %s record%s · %s", how, elapsed(elapsed),
                count(p.recordsRead()), p.recordsRead() == 1 ? "" : "s", counts(p));
    }

    /**
     * What a line's counts are after restarts: records read count once each, the other counts since the job's
     * latest restart, which went back to its last checkpoint.
     */
    static String sinceRestart(int restarts) {
        return restarts == 0 ? "" : " (after " + restarts + " restart" + (restarts == 1 ? "" : "s")
                + ": counts other than records read since the last one)";
    }

    static String clock(Instant now) {
        return CLOCK.format(now);
    }

    private static String counts(RunProgress p) {
        String reasons = p.deadLetters().isEmpty() ? "" : p.deadLetters().entrySet().stream()
                .map(e -> e.getKey() + " " + count(e.getValue())).collect(Collectors.joining(", ", " (", ")"));
        return "aggregated " + count(p.eventsAggregated()) + " · dead letters " + count(p.deadLettered()) + reasons
                + " · late " + count(p.lateEvents())
                + (p.overKeyLimit() > 0 ? " · over the key limit " + count(p.overKeyLimit()) : "")
                + " · windows " + count(p.windowsWritten()) + " · alerts " + count(p.alertsRaised());
    }

    private static String eventTime(Instant now, Long watermark) {
        if (watermark == null) {
            return "no event time yet";
        }
        if (watermark == Long.MAX_VALUE) {
            return "end of the input: every window fired";
        }
        long lag = now.toEpochMilli() - watermark;
        return lag >= 0 ? "event time " + elapsed(Duration.ofMillis(lag)) + " behind the clock"
                : "event time " + elapsed(Duration.ofMillis(-lag)) + " ahead of the clock";
    }

    private static String timeLeft(RunProgress p, long toRead, double perSecond) {
        long left = Math.max(0, toRead - p.recordsRead());
        if (left == 0) {
            return "";
        }
        return perSecond > 0 ? ", about " + elapsed(Duration.ofMillis(Math.round(left / perSecond * 1000))) + " left"
                : "";
    }

    private static double percent(long read, long toRead) {
        return Math.min(100.0, 100.0 * read / toRead);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "850 ms", "12.3 s", "4m 05s", "2h 10m", "3d 4h". */
    static String elapsed(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s >= 86_400) {
            return s / 86_400 + "d " + (s % 86_400) / 3_600 + "h";
        }
        if (s >= 3_600) {
            return s / 3_600 + "h " + (s % 3_600) / 60 + "m";
        }
        return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
}

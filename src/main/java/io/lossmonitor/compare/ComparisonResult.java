package io.lossmonitor.compare;

import io.lossmonitor.event.Task;

/**
 * A champion/challenger comparison at the end of one window, as a Flink POJO: the paired differences of the
 * window, and those of every pair since the comparison's first, from which the record's statistics follow.
 */
public class ComparisonResult {

    public String champion;
    public String challenger;
    public String segment;
    public Task task;
    public long windowStart;
    public long windowEnd;
    public PairedDifferences window;
    public PairedDifferences cumulative;

    public ComparisonResult() {}

    /** The comparison's key: both models and the segment. */
    public static String key(String champion, String challenger, String segment) {
        return champion + '\u0000' + challenger + '\u0000' + (segment == null ? "\u0001" : segment);
    }
}

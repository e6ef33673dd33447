package io.lossmonitor.compare;

import io.lossmonitor.event.Task;

/** What a comparison keeps between windows, as a Flink POJO: whom it compares, every pair so far, its latest pane. */
public class ComparisonProgress {

    public String champion;
    public String challenger;
    public String segment;
    public Task task;
    public PairedDifferences cumulative = new PairedDifferences();
    /** The end of the latest pane that received a pair, epoch milliseconds. */
    public long latestPaneEnd;

    public ComparisonProgress() {}
}

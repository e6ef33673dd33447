package io.lossmonitor.window;

import io.lossmonitor.event.Task;

/**
 * What a comparison kept between windows in release 0.2: a Flink POJO of the name it had then, read only when a 0.2
 * savepoint is restored.
 */
public class ComparisonProgress {

    public String champion;
    public String challenger;
    public String segment;
    public Task task;
    public PairedDifferences cumulative = new PairedDifferences();
    public long latestPaneEnd;

    public ComparisonProgress() {}
}

package io.lossmonitor.window;

import io.lossmonitor.event.Task;
import io.lossmonitor.savepoint.FrozenFormat;

/**
 * What a comparison kept between windows in release 0.2: a Flink POJO of the name it had then, read only when a 0.2
 * savepoint is restored.
 */
@FrozenFormat(release = "0.2")
public class ComparisonProgress {

    public String champion;
    public String challenger;
    public String segment;
    public Task task;
    public PairedDifferences cumulative = new PairedDifferences();
    public long latestPaneEnd;

    public ComparisonProgress() {}
}

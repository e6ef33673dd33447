package io.lossmonitor.compare;

import io.lossmonitor.event.Task;
import java.util.Map;

/**
 * One paired prediction of a champion and a challenger, as a Flink POJO: both models' losses by metric name, at the
 * later of the two event times.
 */
public class PairedLosses {

    public String champion;
    public String challenger;
    public String segment;
    public Task task;
    /** The later of the two events' times, epoch milliseconds: the window the pair counts in. */
    public long timestamp;
    public Map<String, Double> championLosses;
    public Map<String, Double> challengerLosses;

    public PairedLosses() {}
}

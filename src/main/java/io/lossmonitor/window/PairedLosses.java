package io.lossmonitor.window;

import io.lossmonitor.event.Task;

/**
 * One paired prediction of a champion and a challenger, as a Flink POJO: both models' losses in the order of
 * {@link Metric#compared(Task)}, at the later of the two event times.
 */
public class PairedLosses {

    public String champion;
    public String challenger;
    public String segment;
    public Task task;
    /** The later of the two events' times, epoch milliseconds: the window the pair counts in. */
    public long timestamp;
    public double[] championLosses;
    public double[] challengerLosses;

    public PairedLosses() {}
}

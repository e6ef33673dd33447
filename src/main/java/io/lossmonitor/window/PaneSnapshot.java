package io.lossmonitor.window;

import io.lossmonitor.aggregate.LossAccumulator;

/** One open pane of a {@link PaneCombiner} as it is kept in a checkpoint (a Flink POJO). */
public class PaneSnapshot {

    public ModelKey key;
    public long paneStart;
    public LossAccumulator accumulator;
    public long events;

    public PaneSnapshot() {}

    PaneSnapshot(ModelKey key, long paneStart, LossAccumulator accumulator, long events) {
        this.key = key;
        this.paneStart = paneStart;
        this.accumulator = accumulator;
        this.events = events;
    }
}

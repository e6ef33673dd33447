package io.lossmonitor.compare;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.util.Map;

/**
 * One labelled prediction of a compared model, as one side of a champion/challenger pair (a Flink POJO): its
 * compared losses by metric name, so that a side kept in state pairs by name with a side of a release that compares
 * more or other losses. The prediction itself travels along until the pairing so that a duplicate can be
 * dead-lettered with its content; it is not kept in state.
 */
public class PairSide {

    public String champion;
    public String challenger;
    public String segment;
    public String id;
    /** Whether this is the challenger's prediction. */
    public boolean challengerSide;
    public Task task;
    public long timestamp;
    public Map<String, Double> losses;
    /** The prediction; null once kept waiting for the other side. */
    public PredictionEvent event;

    public PairSide() {}

    /** The same side without its prediction, to wait in state. */
    public PairSide copyWithoutEvent() {
        PairSide c = new PairSide();
        c.champion = champion;
        c.challenger = challenger;
        c.segment = segment;
        c.id = id;
        c.challengerSide = challengerSide;
        c.task = task;
        c.timestamp = timestamp;
        c.losses = losses;
        return c;
    }

    /** The model whose prediction this is. */
    public String model() {
        return challengerSide ? challenger : champion;
    }

    /** The pairing key: both models, the segment and the prediction id. */
    public String pairKey() {
        return ComparisonResult.key(champion, challenger, segment) + '\u0000' + id;
    }
}

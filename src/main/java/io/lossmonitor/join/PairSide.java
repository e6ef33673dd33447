package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.savepoint.FrozenFormat;
import java.util.Map;

/**
 * A compared prediction waiting for the other model's, as release 0.2 kept it in the pairing's state: a Flink POJO of
 * the name it had then, read only when a 0.2 savepoint is restored, where the comparison feature moves it into its
 * own state.
 */
@FrozenFormat(release = "0.2")
public class PairSide {

    public String champion;
    public String challenger;
    public String segment;
    public String id;
    public boolean challengerSide;
    public Task task;
    public long timestamp;
    public Map<String, Double> losses;
    public PredictionEvent event;

    public PairSide() {}
}

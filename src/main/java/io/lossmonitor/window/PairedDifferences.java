package io.lossmonitor.window;

import io.lossmonitor.event.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paired predictions of two models over a pane, a window or the whole comparison, as a Flink POJO: the number
 * of pairs and, by loss name, their {@link PairedMoments}. Kept by name so that a release may compare more losses.
 */
public class PairedDifferences {

    public long paired;
    public Map<String, PairedMoments> metrics = new HashMap<>();

    public PairedDifferences() {}

    /**
     * Adds one pair.
     *
     * @param champion the champion's losses, in the order of {@link Metric#compared(Task)}
     * @param challenger the challenger's losses, in the same order
     */
    public void add(Task task, double[] champion, double[] challenger) {
        paired++;
        List<Metric> compared = Metric.compared(task);
        for (int i = 0; i < compared.size(); i++) {
            metrics.computeIfAbsent(compared.get(i).jsonName(), name -> new PairedMoments())
                    .add(champion[i], challenger[i]);
        }
    }

    public void merge(PairedDifferences other) {
        paired += other.paired;
        other.metrics.forEach((name, moments) ->
                metrics.computeIfAbsent(name, n -> new PairedMoments()).merge(moments));
    }

    public PairedDifferences copy() {
        PairedDifferences c = new PairedDifferences();
        c.merge(this);
        return c;
    }
}

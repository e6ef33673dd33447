package io.lossmonitor.compare;

import java.util.HashMap;
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
     * Adds one pair: the difference of each loss both sides have by name (a side kept from a release that compared
     * fewer losses lacks the newer ones).
     */
    public void add(Map<String, Double> champion, Map<String, Double> challenger) {
        paired++;
        champion.forEach((name, loss) -> {
            Double other = challenger.get(name);
            if (other != null) {
                metrics.computeIfAbsent(name, n -> new PairedMoments()).add(loss, other);
            }
        });
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

package io.lossmonitor.compare;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.loss.LossParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each labelled prediction with an id of a compared model into one side per comparison the model takes part
 * in, scored once; other events (unlabelled, expired markers, without an id, of other models) are not paired.
 */
public class PairSides extends RichFlatMapFunction<PredictionEvent, PairSide> {

    private final List<ChampionChallenger> comparisons;
    private final LossParameters params;
    private transient Map<String, List<PairSide>> sidesByModel;
    private transient ComparedLosses losses;

    public PairSides(List<ChampionChallenger> comparisons, LossParameters params) {
        this.comparisons = List.copyOf(comparisons);
        this.params = params;
    }

    @Override
    public void open(OpenContext openContext) {
        losses = new ComparedLosses(params);
        sidesByModel = new HashMap<>();
        for (ChampionChallenger c : comparisons) {
            sidesByModel.computeIfAbsent(c.champion(), m -> new ArrayList<>()).add(template(c, false));
            sidesByModel.computeIfAbsent(c.challenger(), m -> new ArrayList<>()).add(template(c, true));
        }
    }

    private static PairSide template(ChampionChallenger c, boolean challengerSide) {
        PairSide side = new PairSide();
        side.champion = c.champion();
        side.challenger = c.challenger();
        side.challengerSide = challengerSide;
        return side;
    }

    @Override
    public void flatMap(PredictionEvent e, Collector<PairSide> out) {
        List<PairSide> templates = sidesByModel.get(e.model);
        if (templates == null || !e.labelled || e.expired || e.id == null) {
            return;
        }
        Map<String, Double> scored = losses.of(e);
        if (scored == null) {
            return;
        }
        for (PairSide template : templates) {
            PairSide side = template.copyWithoutEvent();
            side.segment = e.segment;
            side.id = e.id;
            side.task = e.task;
            side.timestamp = e.timestamp;
            side.losses = scored;
            side.event = e.copy();
            out.collect(side);
        }
    }
}

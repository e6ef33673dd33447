package io.lossmonitor.window;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.loss.EventLosses;
import io.lossmonitor.loss.LossParameters;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds prediction events into a {@link LossAccumulator} as they arrive (incremental window aggregation). */
public class LossAggregateFunction implements AggregateFunction<PredictionEvent, LossAccumulator, LossAccumulator> {

    private final LossParameters params;
    private transient EventLosses scratch;

    public LossAggregateFunction(LossParameters params) {
        this.params = params;
    }

    @Override
    public LossAccumulator createAccumulator() {
        return LossAccumulator.empty();
    }

    @Override
    public LossAccumulator add(PredictionEvent event, LossAccumulator accumulator) {
        if (scratch == null) {
            scratch = new EventLosses();
        }
        accumulator.add(event, params, scratch);
        return accumulator;
    }

    @Override
    public LossAccumulator getResult(LossAccumulator accumulator) {
        return accumulator;
    }

    @Override
    public LossAccumulator merge(LossAccumulator a, LossAccumulator b) {
        return a.merge(b);
    }
}

package io.lossmonitor.window;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds window inputs into a {@link LossAccumulator} as they arrive (incremental window aggregation): merges a
 * pre-aggregated partial, or adds a single event.
 */
public class LossAggregateFunction implements AggregateFunction<WindowInput, LossAccumulator, LossAccumulator> {

    private final LossParameters params;
    private transient ScoredEvent scratch;

    public LossAggregateFunction(LossParameters params) {
        this.params = params;
    }

    @Override
    public LossAccumulator createAccumulator() {
        return LossAccumulator.empty();
    }

    @Override
    public LossAccumulator add(WindowInput input, LossAccumulator state) {
        // A window restored from an earlier release's savepoint may hold an accumulator of that release's format.
        LossAccumulator accumulator = state.current();
        if (input.partial != null) {
            return accumulator.merge(input.partial);
        }
        if (scratch == null) {
            scratch = new ScoredEvent();
        }
        accumulator.add(input.event, params, scratch);
        return accumulator;
    }

    @Override
    public LossAccumulator getResult(LossAccumulator accumulator) {
        return accumulator.current();
    }

    @Override
    public LossAccumulator merge(LossAccumulator a, LossAccumulator b) {
        return a.current().merge(b);
    }
}

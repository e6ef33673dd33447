package io.lossmonitor.window;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Adds window metadata to a pre-aggregated accumulator: key, bounds, and a revision that counts the firings
 * of the same window (0 on time, then one more per late update); its per-window state is cleared with the window.
 */
public class WindowResultFunction extends ProcessWindowFunction<LossAccumulator, LossAggregate, ModelKey, TimeWindow> {

    static final ValueStateDescriptor<Integer> FIRINGS = new ValueStateDescriptor<>("firings", Types.INT);

    private transient LossGauges gauges;

    @Override
    public void open(OpenContext openContext) {
        gauges = new LossGauges(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void process(ModelKey key, Context context, Iterable<LossAccumulator> accumulators,
                        Collector<LossAggregate> out) throws Exception {
        ValueState<Integer> firings = context.windowState().getState(FIRINGS);
        int revision = firings.value() == null ? 0 : firings.value();
        TimeWindow window = context.window();
        LossAggregate aggregate =
                accumulators.iterator().next().summarize(key, window.getStart(), window.getEnd(), revision);
        gauges.update(aggregate);
        out.collect(aggregate);
        firings.update(revision + 1);
    }

    @Override
    public void clear(Context context) {
        context.windowState().getState(FIRINGS).clear();
    }
}

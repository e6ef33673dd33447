package io.lossmonitor.window;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.estimate.WindowEstimator;
import io.lossmonitor.event.InternalErrors;
import io.lossmonitor.metric.EstimatedValues;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Summarises a pre-aggregated accumulator with its window's metadata: key, bounds, and a revision that counts the
 * firings of the same window (0 on time, then one more per late update); its per-window state is cleared with the
 * window. Without allowed lateness a window fires once, so it keeps no state of its own. A classifier's window also
 * carries its estimated metrics ({@link WindowEstimator}).
 */
public class WindowResultFunction extends ProcessWindowFunction<LossAccumulator, LossAggregate, ModelKey, TimeWindow> {

    static final ValueStateDescriptor<Integer> FIRINGS = new ValueStateDescriptor<>("firings", Types.INT);
    public static final String WINDOWS_WRITTEN = "windowsWritten";
    /** Windows written without their estimates, which failed (a defect, logged once per cause). */
    public static final String ESTIMATION_FAILURES = "estimationFailures";

    private final boolean firesLate;
    /** Null for no estimated metrics. */
    private final WindowEstimator estimation;
    private transient Counter written;
    private transient Counter estimationFailures;
    private transient InternalErrors internalErrors;

    /** @param firesLate whether a window can fire again for late events (the allowed lateness is positive) */
    public WindowResultFunction(boolean firesLate) {
        this(firesLate, null);
    }

    /** @param estimation how a classifier's window estimates its performance; null for no estimates */
    public WindowResultFunction(boolean firesLate, WindowEstimator estimation) {
        this.firesLate = firesLate;
        this.estimation = estimation;
    }

    @Override
    public void open(OpenContext openContext) {
        written = getRuntimeContext().getMetricGroup().counter(WINDOWS_WRITTEN);
        estimationFailures = getRuntimeContext().getMetricGroup().counter(ESTIMATION_FAILURES);
        internalErrors = new InternalErrors("loss-windows");
    }

    @Override
    public void process(ModelKey key, Context context, Iterable<LossAccumulator> accumulators,
                        Collector<LossAggregate> out) throws Exception {
        ValueState<Integer> firings = firesLate ? context.windowState().getState(FIRINGS) : null;
        int revision = firings == null || firings.value() == null ? 0 : firings.value();
        TimeWindow window = context.window();
        LossAccumulator accumulator = accumulators.iterator().next();
        EstimatedValues estimates = EstimatedValues.NONE;
        if (estimation != null) {
            try {
                estimates = estimation.fire(key.task, window.getStart(), window.getEnd(), accumulator.scoreCells(),
                        context.globalState(), context.windowState());
            } catch (RuntimeException failure) {
                // A defect in the estimates must not hold back the window's measured losses, nor fail it again
                // after a restart: the window is written without estimates, and the failure logged and counted.
                estimationFailures.inc();
                internalErrors.reasonFor(failure);
            }
        }
        LossAggregate aggregate =
                accumulator.summarize(key.task, window.getStart(), window.getEnd(), revision, estimates);
        aggregate.model = key.model;
        aggregate.version = key.version;
        aggregate.segment = key.segment;
        out.collect(aggregate);
        written.inc();
        if (firings != null) {
            firings.update(revision + 1);
        }
    }

    @Override
    public void clear(Context context) {
        if (firesLate) {
            context.windowState().getState(FIRINGS).clear();
        }
        if (estimation != null) {
            estimation.clear(context.windowState());
        }
    }
}

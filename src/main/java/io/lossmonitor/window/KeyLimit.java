package io.lossmonitor.window;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Bounds the number of keys the job keeps window state for (--max-keys): the first keys seen are admitted, up to
 * the limit's share of this subtask; the input of any further key goes to the {@link #OVER_LIMIT} output to be
 * dead-lettered, and is counted. Admission lasts for the job's life (and across its restarts); a higher limit
 * takes a restart.
 */
public class KeyLimit extends KeyedProcessFunction<ModelKey, WindowInput, WindowInput>
        implements CheckpointedFunction {

    public static final OutputTag<WindowInput> OVER_LIMIT =
            new OutputTag<>("over-key-limit", org.apache.flink.api.common.typeinfo.TypeInformation.of(WindowInput.class));
    public static final String KEYS_REJECTED = "eventsOverKeyLimit";

    private final long maxKeys;
    private transient long limit;
    private transient long admittedKeys;
    private transient ValueState<Boolean> admitted;
    private transient ListState<Long> admittedPerSubtask;
    private transient Counter rejected;

    public KeyLimit(long maxKeys) {
        this.maxKeys = maxKeys;
    }

    @Override
    public void open(OpenContext openContext) {
        admitted = getRuntimeContext().getState(new ValueStateDescriptor<>("admitted", Types.BOOLEAN));
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        // Keys are spread over subtasks by hash, so each admits its share of the limit.
        limit = (maxKeys + parallelism - 1) / parallelism;
        rejected = getRuntimeContext().getMetricGroup().counter(KEYS_REJECTED);
    }

    @Override
    public void processElement(WindowInput input, Context ctx, Collector<WindowInput> out) throws Exception {
        if (admitted.value() != null) {
            out.collect(input);
        } else if (admittedKeys < limit) {
            admitted.update(true);
            admittedKeys++;
            out.collect(input);
        } else {
            rejected.inc(input.events);
            ctx.output(OVER_LIMIT, input);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        admittedPerSubtask.update(List.of(admittedKeys));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        admittedPerSubtask = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("admitted-keys", Types.LONG));
        long total = 0;
        int parts = 0;
        for (Long count : admittedPerSubtask.get()) {
            total += count;
            parts++;
        }
        int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        // After a rescale the admitted keys are spread again by hash: assume an even share.
        admittedKeys = parts == 0 ? 0 : (total + parallelism - 1) / parallelism;
    }
}

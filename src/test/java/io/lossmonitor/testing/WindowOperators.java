package io.lossmonitor.testing;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.pipeline.LossMonitorPipeline;
import io.lossmonitor.pipeline.PipelineSettings;
import io.lossmonitor.window.ModelKey;
import io.lossmonitor.window.WindowInput;
import io.lossmonitor.window.WindowInputKeySelector;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** The job's own window operator, taken from the pipeline as the job builds it (not rebuilt), in a test harness. */
public final class WindowOperators {

    private WindowOperators() {}

    /**
     * An open harness of the window operator of {@code settings}.
     *
     * @param backend null for the harness's default (the heap)
     * @param restored null to start empty
     */
    public static KeyedOneInputStreamOperatorTestHarness<ModelKey, WindowInput, LossAggregate> harness(
            PipelineSettings settings, StateBackends backend, OperatorSubtaskState restored) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<PredictionEvent> events = env.fromData(TypeInformation.of(PredictionEvent.class),
                Predictions.regression("seed", 0, 0, 0));
        SingleOutputStreamOperator<LossAggregate> windowed =
                LossMonitorPipeline.windowLosses(events, settings).aggregates();
        @SuppressWarnings("unchecked")
        StreamOperatorFactory<LossAggregate> operator =
                ((OneInputTransformation<WindowInput, LossAggregate>) windowed.getTransformation())
                        .getOperatorFactory();
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, new WindowInputKeySelector(),
                TypeInformation.of(ModelKey.class));
        if (backend != null) {
            harness.setStateBackend(backend.create());
        }
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }
}

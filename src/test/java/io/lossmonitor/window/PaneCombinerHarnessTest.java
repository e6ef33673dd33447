package io.lossmonitor.window;

import static io.lossmonitor.testing.Predictions.regression;
import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.pipeline.LossMonitorPipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The pre-aggregation before the shuffle: partials per (key, pane) handed on before the watermark that closes
 * them, open panes carried through a checkpoint, and events behind the watermark passed on alone.
 */
class PaneCombinerHarnessTest {

    private static final long PANE = 60_000;

    @Test
    void combinesPerKeyAndPaneAndHandsOnBeforeTheClosingWatermark() throws Exception {
        try (var harness = harness(1000)) {
            harness.processElement(regression("a", 1, 3, 1_000), 1_000);
            harness.processElement(regression("a", 2, 3, 2_000), 2_000);
            harness.processElement(regression("b", 0, 2, 3_000), 3_000);
            harness.processElement(regression("a", 0, 1, PANE + 5), PANE + 5);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processWatermark(PANE - 1);
            List<StreamRecord<? extends WindowInput>> out = harness.extractOutputStreamRecords();
            assertThat(out).hasSize(2);
            assertThat(out).allSatisfy(r -> assertThat(r.getTimestamp()).as("the pane's last millisecond")
                    .isEqualTo(PANE - 1));
            WindowInput a = out.stream().map(StreamRecord::getValue).filter(in -> in.key.model.equals("a"))
                    .findFirst().orElseThrow();
            assertThat(a.events).isEqualTo(2);
            assertThat(a.partial.summarize(a.key.task, 0, PANE, 0).value(Metric.MSE)).as("(4 + 1) / 2").isEqualTo(2.5);
            assertThat(harness.getOutput()).as("watermark follows the partials").last()
                    .hasToString("Watermark @ " + (PANE - 1));

            harness.processWatermark(2 * PANE - 2);
            assertThat(harness.extractOutputValues()).as("the second pane is not closed yet").hasSize(2);
            harness.processWatermark(2 * PANE - 1);
            assertThat(harness.extractOutputValues()).as("the second pane, closed by the next watermark")
                    .hasSize(3).last().satisfies(in -> assertThat(in.events).isEqualTo(1));
        }
    }

    @Test
    void manyOpenPanesSurviveACheckpointAndARescaleEachHandedOnOnce() throws Exception {
        int keys = 2 * PaneBatchCodec.BATCH + 7;
        OperatorSubtaskState checkpoint;
        try (var harness = harness(10 * keys)) {
            for (int k = 0; k < keys; k++) {
                harness.processElement(regression("m" + k, 1, 3, 1_000), 1_000);
                harness.processElement(regression("m" + k, 2, 3, 2_000), 2_000);
            }
            checkpoint = harness.snapshot(1, 1);
        }
        Map<String, Long> eventsPerKey = new HashMap<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState share = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                    checkpoint, 128, 1, 2, subtask);
            try (var restored = new OneInputStreamOperatorTestHarness<>(
                    combiner(10 * keys), 128, 2, subtask)) {
                restored.initializeState(share);
                restored.open();
                restored.processWatermark(PANE - 1);
                for (WindowInput in : restored.extractOutputValues()) {
                    assertThat(in.partial.summarize(in.key.task, 0, PANE, 0).value(Metric.MSE)).as("(4 + 1) / 2")
                            .isEqualTo(2.5);
                    assertThat(eventsPerKey.put(in.key.model, in.events)).as("%s handed on once", in.key.model)
                            .isNull();
                }
            }
        }
        assertThat(eventsPerKey).as("every key, on one of the two subtasks").hasSize(keys);
        assertThat(eventsPerKey.values()).as("both events of each key").containsOnly(2L);
    }

    @Test
    void anEventBehindTheWatermarkIsPassedOnAlone() throws Exception {
        try (var harness = harness(1000)) {
            harness.processWatermark(PANE + 10);
            harness.processElement(regression("a", 1, 2, 500), 500);
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(in -> {
                        assertThat(in.event).isNotNull();
                        assertThat(in.partial).isNull();
                    });
        }
    }

    @Test
    void openPanesTravelThroughACheckpointAndAreHandedOnOnce() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var harness = harness(1000)) {
            harness.processElement(regression("a", 1, 3, 1_000), 1_000);
            checkpoint = harness.snapshot(1, 1);
            assertThat(harness.extractOutputValues()).as("nothing handed on at the barrier").isEmpty();
        }
        try (var restored = new OneInputStreamOperatorTestHarness<>(
                combiner(1000))) {
            restored.initializeState(checkpoint);
            restored.open();
            restored.processElement(regression("a", 2, 3, 2_000), 2_000);
            restored.processWatermark(PANE - 1);
            assertThat(restored.extractOutputValues()).singleElement().satisfies(in -> {
                assertThat(in.events).isEqualTo(2);
                assertThat(in.partial.summarize(in.key.task, 0, PANE, 0).value(Metric.MSE)).as("(4 + 1) / 2")
                        .isEqualTo(2.5);
            });
        }
    }

    @Test
    void anEventTheCombinerFailsOnIsDeadLetteredAsAnInternalErrorAndTheOthersAggregate() throws Exception {
        try (var harness = harness(1000)) {
            harness.processElement(regression("a", 1, 3, 1_000), 1_000);
            // No parsed event is a multi-class one without scores: it stands for a defect not yet found.
            PredictionEvent broken = regression("a", 1, 3, 1_500);
            broken.task = Task.MULTICLASS;
            broken.sourceOffset = 77;
            harness.processElement(broken, 1_500);
            harness.processElement(regression("a", 2, 3, 2_000), 2_000);
            assertThat(harness.getSideOutput(LossMonitorPipeline.DEAD_LETTERS)).singleElement().satisfies(d -> {
                assertThat(d.getValue().kind).isEqualTo(RejectionKind.INTERNAL);
                assertThat(d.getValue().error).startsWith("internal error: java.lang.");
                assertThat(d.getValue().offset).isEqualTo(77);
            });
            harness.processWatermark(PANE - 1);
            assertThat(harness.extractOutputValues()).filteredOn(in -> in.key.task == Task.REGRESSION)
                    .singleElement().satisfies(in -> {
                        assertThat(in.events).isEqualTo(2);
                        assertThat(in.partial.summarize(in.key.task, 0, PANE, 0).value(Metric.MSE)).as("(4 + 1) / 2")
                                .isEqualTo(2.5);
                    });
        }
    }

    @Test
    void everyPaneIsHandedOnWhenTooManyAreOpen() throws Exception {
        try (var harness = harness(3)) {
            harness.processElement(regression("a", 1, 2, 1_000), 1_000);
            harness.processElement(regression("b", 1, 2, 1_000), 1_000);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processElement(regression("c", 1, 2, 1_000), 1_000);
            assertThat(harness.extractOutputValues()).as("three panes open: all handed on").hasSize(3);
        }
    }

    @Test
    void openPanesCheckpointedInListStateByEarlierVersionsAreRestored() throws Exception {
        OperatorSubtaskState earlier;
        try (var harness = new OneInputStreamOperatorTestHarness<>(new ListStateCheckpointingCombiner())) {
            harness.open();
            earlier = harness.snapshot(1, 1);
        }
        try (var restored = new OneInputStreamOperatorTestHarness<>(
                combiner(1000))) {
            restored.initializeState(earlier);
            restored.open();
            restored.processElement(regression("a", 2, 3, 2_000), 2_000);
            restored.processWatermark(PANE - 1);
            assertThat(restored.extractOutputValues()).as("the restored pane, merged with the new event")
                    .singleElement().satisfies(in -> {
                        assertThat(in.events).isEqualTo(2);
                        assertThat(in.partial.summarize(in.key.task, 0, PANE, 0).value(Metric.MSE)).as("(4 + 1) / 2")
                                .isEqualTo(2.5);
                    });
            OperatorSubtaskState next = restored.snapshot(2, 2);
            assertThat(next.getManagedOperatorState()).as("nothing left in the earlier list state")
                    .allSatisfy(handle -> assertThat(handle.getStateNameToPartitionOffsets()
                            .get(OpenPaneBatchesOf01.STATE).getOffsets()).isEmpty());
        }
    }

    /** Checkpoints one open pane (model "a", prediction 1, label 3) the way earlier versions did: in list state. */
    private static final class ListStateCheckpointingCombiner extends AbstractStreamOperator<WindowInput>
            implements OneInputStreamOperator<PredictionEvent, WindowInput> {

        @Override
        public void processElement(StreamRecord<PredictionEvent> record) {}

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            LossAccumulator accumulator = LossAccumulator.empty();
            PredictionEvent event = regression("a", 1, 3, 1_000);
            accumulator.add(event, LossParameters.DEFAULTS, new ScoredEvent());
            List<byte[]> batches = new ArrayList<>();
            new PaneBatchCodec(TypeInformation.of(PaneSnapshot.class)
                    .createSerializer(getExecutionConfig().getSerializerConfig()))
                    .write(List.of(new PaneSnapshot(ModelKey.of(event), 0, accumulator, 1)),
                            (buffer, length) -> batches.add(Arrays.copyOf(buffer, length)));
            getOperatorStateBackend().getListState(new ListStateDescriptor<>(OpenPaneBatchesOf01.STATE,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)).update(batches);
        }
    }

    private static OneInputStreamOperatorTestHarness<PredictionEvent, WindowInput> harness(int maxPanes)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(
                combiner(maxPanes));
        harness.open();
        return harness;
    }

    private static PaneCombiner combiner(int maxPanes) {
        return new PaneCombiner(PANE, LossParameters.DEFAULTS, maxPanes, LossMonitorPipeline.DEAD_LETTERS,
                e -> new byte[0]);
    }
}

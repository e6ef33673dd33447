package io.lossmonitor.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelKind;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.testing.StateBackends;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The label join driven by hand on both state backends: both arrival orders, expiry, duplicates, misfit labels,
 * several models sharing an id, a restore from a snapshot at another parallelism, and no state or timer left behind.
 */
class LabelJoinHarnessTest {

    private static final long TTL = 60_000;
    private static final int MAX_PARALLELISM = 128;
    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aLabelAfterItsPredictionJoinsAtLabelTimeAndLeavesNoState(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(prediction("p-1", 1_000), 1_000);
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(p -> {
                        assertThat(p.labelled).as("the prediction goes on at once, for the label-free signals").isFalse();
                        assertThat(p.countsAsPrediction).isTrue();
                    });
            harness.processElement2(label("p-1", 5_000, 1), 5_000);
            List<StreamRecord<? extends PredictionEvent>> out = harness.extractOutputStreamRecords();
            assertThat(out).hasSize(2);
            PredictionEvent outcome = out.get(1).getValue();
            assertThat(outcome.labelled).isTrue();
            assertThat(outcome.label).isEqualTo(1.0);
            assertThat(outcome.countsAsPrediction).as("an outcome is not counted as a second prediction").isFalse();
            assertThat(outcome.timestamp).isEqualTo(5_000);
            assertThat(out.get(1).getTimestamp()).as("passed on at the event time of its window").isEqualTo(5_000);
            assertThat(outcome.labelDelayMs).isEqualTo(4_000);
            assertThat(outcome.model).isEqualTo("churn");
            assertThat(outcome.id).isEqualTo("p-1");
            assertThat(outcome.score).isEqualTo(0.7);

            assertThat(harness.numEventTimeTimers()).as("a joined id keeps no timer").isZero();
            assertThat(ids(harness)).as("only the joined label is kept").containsExactly("p-1");
            harness.processBothWatermarks(new Watermark(5_000 + TTL));
            assertForgotten(harness, "p-1");
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aLabelBeforeItsPredictionJoinsWhenThePredictionArrives(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement2(label("p-2", 3_000, 0), 3_000);
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.numEventTimeTimers()).as("the waiting label's expiry").isOne();
            harness.processElement1(prediction("p-2", 1_000), 1_000);
            List<PredictionEvent> out = harness.extractOutputValues();
            assertThat(out).extracting(p -> p.labelled).containsExactly(false, true);
            assertThat(out.get(1).timestamp).isEqualTo(3_000);
            assertThat(out.get(1).label).isEqualTo(0.0);
            assertThat(harness.numEventTimeTimers()).isZero();
            harness.processBothWatermarks(new Watermark(3_000 + TTL));
            assertForgotten(harness, "p-2");
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void joinTimePredictionKeepsThePredictionsEventTime(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.PREDICTION)) {
            harness.processElement1(prediction("p-3", 1_000), 1_000);
            harness.processElement2(label("p-3", 9_000, 1), 9_000);
            assertThat(harness.extractOutputStreamRecords().get(1).getTimestamp()).isEqualTo(1_000);
            assertThat(harness.extractOutputValues().get(1).labelDelayMs).isEqualTo(8_000);
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void anUnlabelledPredictionExpiresAsAMarkerAndAnOrphanLabelIsDropped(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(prediction("never", 1_000), 1_000);
            harness.processElement2(label("orphan", 2_000, 1), 2_000);
            harness.processBothWatermarks(new Watermark(1_000 + TTL - 1));
            assertThat(harness.extractOutputValues()).hasSize(1);

            harness.processBothWatermarks(new Watermark(2_000 + TTL));
            List<StreamRecord<? extends PredictionEvent>> out = harness.extractOutputStreamRecords();
            assertThat(out).hasSize(2);
            PredictionEvent marker = out.get(1).getValue();
            assertThat(marker.expired).isTrue();
            assertThat(marker.countsAsPrediction).isFalse();
            assertThat(marker.labelled).isFalse();
            assertThat(marker.model).as("the marker names its model, kept by reference").isEqualTo("churn");
            assertThat(out.get(1).getTimestamp()).as("counted when it expired").isEqualTo(1_000 + TTL);
            assertThat(ids(harness)).isEmpty();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aSecondLabelIsADuplicateNotASecondJoin(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(prediction("p-4", 1_000), 1_000);
            harness.processElement2(label("p-4", 2_000, 1), 2_000);
            harness.processElement2(label("p-4", 2_500, 0), 2_500);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).hasSize(1);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).extracting(r -> r.getValue().error)
                    .containsExactly("duplicate label for id 'p-4': the prediction is already labelled");
            harness.processBothWatermarks(new Watermark(2_000 + TTL));
            harness.processElement2(label("p-4", 2_000 + TTL + 1, 0), 2_000 + TTL + 1);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).as("once the TTL has passed the id is forgotten")
                    .hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aLabelThatDoesNotFitIsDeadLetteredAndThePredictionKeepsWaiting(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(prediction("p-5", 1_000), 1_000);
            LabelEvent misfit = label("p-5", 2_000, 0);
            misfit.labelKind = LabelKind.STRING;
            misfit.labelText = "cat";
            harness.processElement2(misfit, 2_000);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement()
                    .satisfies(r -> {
                        assertThat(r.getValue().error)
                                .startsWith("'label' must be 0, 1, true or false for a binary prediction, got \"cat\"")
                                .contains("model 'churn'");
                        assertThat(r.getValue().raw).as("the label record as read").isEqualTo(misfit.raw);
                        assertThat(r.getValue().offset).isEqualTo(misfit.sourceOffset);
                    });
            harness.processElement2(label("p-5", 3_000, 1), 3_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).singleElement()
                    .satisfies(p -> assertThat(p.label).isEqualTo(1.0));
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void oneLabelLabelsThePredictionsOfEveryModelWithItsId(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(prediction("shared", 1_000, "champion"), 1_000);
            harness.processElement1(prediction("shared", 1_200, "challenger"), 1_200);
            assertThat(harness.numEventTimeTimers()).as("each waiting prediction's expiry").isEqualTo(2);
            harness.processElement2(label("shared", 4_000, 1), 4_000);
            harness.processElement1(prediction("shared", 4_500, "late-shadow"), 4_500);
            List<PredictionEvent> outcomes = harness.extractOutputValues().stream().filter(p -> p.labelled).toList();
            assertThat(outcomes).as("waiting predictions join the label, a later one joins the label kept")
                    .extracting(p -> p.model + "@" + p.timestamp + " delay " + p.labelDelayMs)
                    .containsExactlyInAnyOrder("champion@4000 delay 3000", "challenger@4000 delay 2800",
                            "late-shadow@4000 delay -500");
            assertThat(harness.getSideOutput(DEAD_LETTERS)).isNull();
            assertThat(harness.numEventTimeTimers()).isZero();

            harness.processBothWatermarks(new Watermark(4_000 + TTL - 1));
            harness.processElement2(label("shared", 5_000, 0), 5_000);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).as("the label is kept until the TTL has passed")
                    .extracting(r -> r.getValue().error)
                    .containsExactly("duplicate label for id 'shared': the prediction is already labelled");
            harness.processBothWatermarks(new Watermark(4_000 + TTL));
            assertForgotten(harness, "shared");
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aPredictionOfAnotherModelExpiresOnItsOwnWhileTheOtherJoins(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(prediction("p-6", 1_000, "champion"), 1_000);
            harness.processBothWatermarks(new Watermark(30_000));
            harness.processElement1(prediction("p-6", 40_000, "challenger"), 40_000);
            harness.processBothWatermarks(new Watermark(1_000 + TTL));
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.expired).extracting(p -> p.model)
                    .containsExactly("champion");
            harness.processElement2(label("p-6", 70_000, 1), 70_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).extracting(p -> p.model)
                    .containsExactly("challenger");
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aKeptLabelThatDoesNotFitALaterModelIsDeadLetteredAsALabelRecord(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            PredictionEvent animals = prediction("p-7", 1_000, "animals");
            animals.task = Task.MULTICLASS;
            animals.scores = new double[] {0.2, 0.8};
            animals.classes = new String[] {"cat", "dog"};
            harness.processElement1(animals, 1_000);
            LabelEvent cat = label("p-7", 2_000, 0);
            cat.labelKind = LabelKind.STRING;
            cat.labelText = "cat";
            harness.processElement2(cat, 2_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).singleElement()
                    .satisfies(p -> assertThat(p.label).as("class index of cat").isEqualTo(0.0));

            harness.processElement1(prediction("p-7", 2_500, "churn"), 2_500);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().error)
                        .startsWith("'label' must be 0, 1, true or false for a binary prediction, got \"cat\"")
                        .contains("model 'churn'").endsWith("joined the prediction of another model before");
                assertThat(new String(r.getValue().raw, StandardCharsets.UTF_8))
                        .as("the kept label, written back as a label record")
                        .isEqualTo("{\"id\":\"p-7\",\"label\":\"cat\",\"ts\":2000}");
            });
            harness.processBothWatermarks(new Watermark(2_500 + TTL));
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.expired).extracting(p -> p.model)
                    .as("the prediction kept waiting for a label it fits, and expired").containsExactly("churn");
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aRestoreAtAnotherParallelismKeepsEveryWaitingPredictionAndItsModel(StateBackends backend)
            throws Exception {
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var harness = harness(backend, JoinTime.LABEL, 2, subtask)) {
                for (int i = 0; i < 20; i++) {
                    String id = "r-" + i;
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, 2) == subtask) {
                        PredictionEvent p = prediction(id, 1_000 + i, "model-" + (i % 3));
                        p.version = "v" + subtask;
                        harness.processElement1(p, p.timestamp);
                    }
                }
                snapshots.add(harness.snapshot(1, 1));
            }
        }
        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(OperatorSubtaskState[]::new)),
                MAX_PARALLELISM, 2, 1, 0);
        try (var restored = harness(backend, JoinTime.LABEL, 1, 0, merged)) {
            for (int i = 0; i < 20; i++) {
                restored.processElement2(label("r-" + i, 10_000, i % 2), 10_000);
            }
            List<PredictionEvent> outcomes = restored.extractOutputValues();
            assertThat(outcomes).hasSize(20);
            assertThat(outcomes).allSatisfy(o -> {
                int i = Integer.parseInt(o.id.substring(2));
                assertThat(o.model).as("model of %s", o.id).isEqualTo("model-" + (i % 3));
                assertThat(o.version).as("version of %s", o.id).matches("v[01]");
                assertThat(o.label).isEqualTo(i % 2);
                assertThat(o.labelDelayMs).isEqualTo(10_000 - (1_000 + i));
            });
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }

    /** Asserts that nothing of {@code id} is left once its label's TTL has passed in processing time too. */
    private static void assertForgotten(Harness harness, String id) throws Exception {
        assertThat(harness.numEventTimeTimers()).as("timers").isZero();
        harness.setStateTtlProcessingTime(TTL);
        LabelJoin join = (LabelJoin) harness.getOperator();
        join.getKeyedStateBackend().setCurrentKey(id);
        assertThat(join.pendingState().value()).isNull();
        assertThat(join.joinedLabelState().value()).as("the joined label, after its TTL").isNull();
        assertThat(ids(harness)).as("ids with state").isEmpty();
    }

    /** The ids that have any state, on either backend. */
    private static Set<String> ids(Harness harness) throws Exception {
        KeyedStateBackend<String> backend = harness.getKeyedStateBackend();
        Set<String> ids = new TreeSet<>();
        for (String state : List.of(LabelJoin.PENDING, LabelJoin.JOINED_LABEL)) {
            try (Stream<String> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                keys.forEach(ids::add);
            }
        }
        return ids;
    }

    private static final class Harness
            extends KeyedTwoInputStreamOperatorTestHarness<String, PredictionEvent, LabelEvent, PredictionEvent> {

        Harness(LabelJoin join, int parallelism, int subtask) throws Exception {
            super(join, new PredictionIdSelector(), new LabelIdSelector(), Types.STRING, MAX_PARALLELISM,
                    parallelism, subtask);
        }

        KeyedStateBackend<String> getKeyedStateBackend() {
            return ((LabelJoin) getOperator()).getKeyedStateBackend();
        }
    }

    private static Harness harness(StateBackends backend, JoinTime joinTime) throws Exception {
        return harness(backend, joinTime, 1, 0);
    }

    private static Harness harness(StateBackends backend, JoinTime joinTime, int parallelism, int subtask)
            throws Exception {
        return harness(backend, joinTime, parallelism, subtask, null);
    }

    private static Harness harness(StateBackends backend, JoinTime joinTime, int parallelism, int subtask,
                                   OperatorSubtaskState restored) throws Exception {
        Harness harness = new Harness(new LabelJoin(TTL, joinTime, DEAD_LETTERS), parallelism, subtask);
        harness.setStateBackend(backend.create());
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    private static PredictionEvent prediction(String id, long ts) {
        return prediction(id, ts, "churn");
    }

    private static PredictionEvent prediction(String id, long ts, String model) {
        PredictionEvent e = new PredictionEvent();
        e.model = model;
        e.id = id;
        e.task = Task.BINARY;
        e.score = 0.7;
        e.timestamp = ts;
        return e;
    }

    private static LabelEvent label(String id, long ts, int value) {
        LabelEvent l = new LabelEvent();
        l.id = id;
        l.timestamp = ts;
        l.labelKind = LabelKind.NUMBER;
        l.labelNumber = value;
        l.sourceTopic = "labels";
        l.sourceOffset = ts;
        l.raw = ("{\"id\":\"" + id + "\",\"label\":" + value + "}").getBytes(StandardCharsets.UTF_8);
        return l;
    }
}

package io.lossmonitor.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.ItemFingerprint;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelKind;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.event.Relevance;
import io.lossmonitor.event.Task;
import io.lossmonitor.event.WrittenLabel;
import io.lossmonitor.io.PredictionJson;
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
 * The label join driven by hand on both state backends, one test per transition of its states (see the table in
 * {@link LabelJoin}): both arrival orders, expiry, duplicate labels and predictions before and after the join, labels
 * that fit some, none or all of an id's predictions, several models and versions sharing an id; restores at another
 * parallelism and under a shorter or a longer label TTL; and no state or timer left behind.
 */
class LabelJoinHarnessTest {

    private static final long TTL = 60_000;
    private static final int MAX_PARALLELISM = 128;
    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    private static final PredictionJson WRITTEN_BACK = new PredictionJson();

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
                    .containsExactly("duplicate label for id 'p-4': the id is already labelled");
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
                    .containsExactly("duplicate label for id 'shared': the id is already labelled");
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
            PredictionEvent animals = multiClass("p-7", 1_000, "animals");
            harness.processElement1(animals, 1_000);
            harness.processElement2(catLabel("p-7", 2_000), 2_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).singleElement()
                    .satisfies(p -> assertThat(p.label).as("class index of cat").isEqualTo(0.0));

            harness.processElement1(prediction("p-7", 2_500, "churn"), 2_500);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().error)
                        .startsWith("'label' must be 0, 1, true or false for a binary prediction, got \"cat\"")
                        .contains("model 'churn', version none, segment none")
                        .endsWith("labelled other predictions before, so this one stays unlabelled");
                assertThat(new String(r.getValue().raw, StandardCharsets.UTF_8))
                        .as("the kept label, written back as a label record")
                        .isEqualTo("{\"id\":\"p-7\",\"label\":\"cat\",\"ts\":2000}");
            });
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.model.equals("churn"))
                    .as("counted once as a prediction, for the label-free signals").hasSize(1);
            assertThat(harness.numEventTimeTimers()).as("the id has its label: the misfit does not wait").isZero();
            harness.processBothWatermarks(new Watermark(2_500 + TTL));
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.expired).as("nothing left to expire")
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void versionsOfOneModelSharingAnIdEachWaitAndEachJoin(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(version(prediction("txn-1", 1_000, "fraud"), "v1", null), 1_000);
            harness.processElement1(version(prediction("txn-1", 1_100, "fraud"), "v2", null), 1_100);
            harness.processElement1(version(prediction("txn-1", 1_200, "fraud"), "v2", "country=TW"), 1_200);
            assertThat(harness.numEventTimeTimers()).as("each waiting prediction's expiry").isEqualTo(3);
            harness.processElement2(label("txn-1", 5_000, 1), 5_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled)
                    .extracting(p -> p.model + "/" + p.version + "/" + p.segment)
                    .containsExactlyInAnyOrder("fraud/v1/null", "fraud/v2/null", "fraud/v2/country=TW");
            assertThat(harness.getSideOutput(DEAD_LETTERS)).isNull();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aSecondPredictionOfTheSameVersionWhileOneWaitsIsADuplicate(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(version(prediction("txn-2", 1_000, "fraud"), "v1", null), 1_000);
            PredictionEvent resent = version(prediction("txn-2", 1_500, "fraud"), "v1", null);
            resent.score = 0.1;
            resent.sourceTopic = "predictions";
            resent.sourceOffset = 42;
            harness.processElement1(resent, 1_500);
            assertThat(harness.extractOutputValues()).as("the resent prediction is not counted again").hasSize(1);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().error).isEqualTo("duplicate prediction of model 'fraud', version 'v1', "
                        + "segment none for id 'txn-2': a prediction of it for this id is already waiting for its label");
                assertThat(r.getValue().offset).as("the resent record's coordinates").isEqualTo(42);
                assertThat(new String(r.getValue().raw, StandardCharsets.UTF_8)).as("written back")
                        .contains("\"model\":\"fraud\"", "\"version\":\"v1\"", "\"id\":\"txn-2\"",
                                "\"probability\":0.1");
            });
            harness.processElement2(label("txn-2", 3_000, 1), 3_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).singleElement()
                    .satisfies(p -> assertThat(p.score).as("the first prediction joins, not the resent one")
                            .isEqualTo(0.7));
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aPredictionResentAfterItsJoinIsADuplicateNotASecondOutcome(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(version(prediction("txn-3", 1_000, "fraud"), "v1", null), 1_000);
            harness.processElement2(label("txn-3", 3_000, 1), 3_000);
            harness.processElement1(version(prediction("txn-3", 1_000, "fraud"), "v1", null), 4_000);
            harness.processElement1(version(prediction("txn-3", 1_000, "fraud"), "v2", null), 4_500);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled)
                    .as("v1 joined once; v2, arriving after the label, joins the label kept")
                    .extracting(p -> p.version).containsExactly("v1", "v2");
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.countsAsPrediction)
                    .extracting(p -> p.version).as("the resent v1 is not counted as a prediction either")
                    .containsExactly("v1", "v2");
            assertThat(harness.getSideOutput(DEAD_LETTERS)).extracting(r -> r.getValue().error)
                    .containsExactly("duplicate prediction of model 'fraud', version 'v1', segment none for id "
                            + "'txn-3': a prediction of it for this id has joined its label already");
            harness.processElement1(version(prediction("txn-3", 1_000, "fraud"), "v2", null), 5_000);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).as("v2 is now known as joined too").hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aLabelThatFitsSomePredictionsJoinsThemAndDeadLettersTheRest(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(multiClass("p-8", 1_000, "animals"), 1_000);
            harness.processElement1(prediction("p-8", 1_100, "churn"), 1_100);
            LabelEvent cat = catLabel("p-8", 2_000);
            harness.processElement2(cat, 2_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).extracting(p -> p.model)
                    .containsExactly("animals");
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().error).contains("model 'churn', version none, segment none")
                        .endsWith("the label labelled other predictions of id 'p-8', so this one stays unlabelled");
                assertThat(r.getValue().raw).as("the label record as read").isEqualTo(cat.raw);
            });
            assertThat(harness.numEventTimeTimers()).as("nothing waits any more").isZero();
            assertThat(pending(harness, "p-8")).as("one state: joined").isNull();

            harness.processElement2(label("p-8", 2_500, 1), 2_500);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).extracting(r -> r.getValue().error)
                    .as("a second label is a duplicate, even one the dead-lettered prediction would have fit")
                    .endsWith("duplicate label for id 'p-8': the id is already labelled");
            harness.processElement1(prediction("p-8", 3_000, "churn-v2"), 3_000);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).as("a later model that the label does not fit")
                    .hasSize(3);
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aWaitingLabelThatDoesNotFitThePredictionIsDeadLetteredAndThePredictionWaits(StateBackends backend)
            throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            LabelEvent cat = catLabel("p-9", 1_000);
            harness.processElement2(cat, 1_000);
            harness.processElement1(prediction("p-9", 1_500, "churn"), 1_500);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().error).contains("model 'churn'")
                        .endsWith("the prediction waits on for a label that fits it");
                assertThat(r.getValue().raw).isEqualTo(cat.raw);
            });
            harness.processElement2(label("p-9", 3_000, 1), 3_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).singleElement()
                    .satisfies(p -> assertThat(p.label).isEqualTo(1.0));
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aSecondLabelWhileOneWaitsIsADuplicate(StateBackends backend) throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement2(label("p-10", 1_000, 1), 1_000);
            harness.processElement2(label("p-10", 1_500, 0), 1_500);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).extracting(r -> r.getValue().error).containsExactly(
                    "duplicate label for id 'p-10': another label is already waiting for its predictions");
            harness.processElement1(prediction("p-10", 500), 2_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).singleElement()
                    .satisfies(p -> assertThat(p.label).as("the first label").isEqualTo(1.0));
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

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void rescaledTwoToThreeToOneEveryPredictionOfEveryVersionJoinsOnce(StateBackends backend) throws Exception {
        List<OperatorSubtaskState> two = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var harness = harness(backend, JoinTime.LABEL, TTL, 2, subtask, null)) {
                for (int i = 0; i < 30; i++) {
                    if (owner("s-" + i, 2) == subtask) {
                        harness.processElement1(version(prediction("s-" + i, 1_000 + i, "fraud"), "v1", null),
                                1_000 + i);
                    }
                }
                two.add(harness.snapshot(1, 1));
            }
        }
        List<OperatorSubtaskState> three = new ArrayList<>();
        for (int subtask = 0; subtask < 3; subtask++) {
            try (var harness = harness(backend, JoinTime.LABEL, TTL, 3, subtask, rescaled(two, 2, 3, subtask))) {
                for (int i = 0; i < 30; i++) {
                    if (owner("s-" + i, 3) == subtask) {
                        harness.processElement1(version(prediction("s-" + i, 2_000 + i, "fraud"), "v2", null),
                                2_000 + i);
                        if (i % 3 == 0) {
                            harness.processElement2(label("s-" + i, 3_000, 1), 3_000);
                        }
                    }
                }
                three.add(harness.snapshot(2, 2));
            }
        }
        try (var restored = harness(backend, JoinTime.LABEL, TTL, 1, 0, rescaled(three, 3, 1, 0))) {
            for (int i = 0; i < 30; i++) {
                restored.processElement1(version(prediction("s-" + i, 1_000 + i, "fraud"), "v1", null), 4_000);
                if (i % 3 != 0) {
                    restored.processElement2(label("s-" + i, 5_000, 0), 5_000);
                }
            }
            assertThat(restored.extractOutputValues()).filteredOn(p -> p.labelled)
                    .as("the 40 predictions waiting after two rescales, each with its model and version")
                    .hasSize(40).allSatisfy(p -> {
                        assertThat(p.model).isEqualTo("fraud");
                        assertThat(p.version).matches("v[12]");
                    });
            assertThat(restored.getSideOutput(DEAD_LETTERS)).as("v1 resent after the rescales: 10 joined already, "
                    + "20 still waiting").hasSize(30)
                    .allSatisfy(r -> assertThat(r.getValue().error).startsWith("duplicate prediction of model "
                            + "'fraud', version 'v1'"));
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aShorterTtlAfterARestoreExpiresWhatWaitedByTheTtlItWasSetUnder(StateBackends backend) throws Exception {
        long hour = 3_600_000;
        long fiveMinutes = 300_000;
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend, JoinTime.LABEL, hour, 1, 0, null)) {
            for (int i = 0; i < 10; i++) {
                harness.processElement1(version(prediction("old-" + i, 1_000, "fraud"), "old", null), 1_000);
            }
            harness.processElement2(label("early-label", 1_000, 1), 1_000);
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness(backend, JoinTime.LABEL, fiveMinutes, 1, 0, snapshot)) {
            // Another model goes on: event time passes the new TTL, then the old one.
            for (long t = 0; t <= hour + 60_000; t += 60_000) {
                restored.processElement1(version(prediction("live-" + t, 2_000 + t, "fraud"), "live", null), 2_000 + t);
                restored.processElement2(label("live-" + t, 3_000 + t, 1), 3_000 + t);
                if (t == fiveMinutes + 60_000) {
                    restored.processElement2(label("old-0", 3_000 + t, 1), 3_000 + t);
                }
                restored.processBothWatermarks(new Watermark(3_000 + t));
            }
            List<PredictionEvent> out = restored.extractOutputValues();
            assertThat(out).filteredOn(p -> p.labelled && p.version.equals("old")).extracting(p -> p.id)
                    .as("a label within the old TTL still joins what waited under it").containsExactly("old-0");
            assertThat(out).filteredOn(p -> p.expired).as("the other nine expire, each once, by the old TTL")
                    .hasSize(9).allSatisfy(p -> {
                        assertThat(p.version).isEqualTo("old");
                        assertThat(p.timestamp).isEqualTo(1_000 + hour);
                    });
            assertThat(out).filteredOn(p -> p.labelled && p.version.equals("live")).hasSize(62);
            assertThat(restored.getSideOutput(DEAD_LETTERS)).isNull();
            assertThat(restored.numEventTimeTimers()).isZero();
            assertThat(((LabelJoin) restored.getOperator()).signatures().kept()).extracting(k -> k.version)
                    .as("the signature of the expired version is forgotten").doesNotContain("old").contains("live");
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void rankedListsWaitAcrossARestoreAndJoinTheirClicks(StateBackends backend) throws Exception {
        long[] served = {ItemFingerprint.of("a"), ItemFingerprint.of("b"), ItemFingerprint.of("c")};
        Relevance clicks = new Relevance(new long[] {served[1], ItemFingerprint.of("z")}, new double[] {3, 1});
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(rankedList("q-1", 1_000, "search", served, 20), 1_000);
            harness.processElement1(rankedList("q-1", 1_000, "search-next", new long[] {served[2]}, 7), 1_000);
            harness.processElement2(relevance("q-2", 1_500, clicks), 1_500);
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness(backend, JoinTime.LABEL, 1, 0, snapshot)) {
            restored.processElement2(relevance("q-1", 2_000, clicks), 2_000);
            restored.processElement1(rankedList("q-2", 1_200, "search", served, 20), 2_100);
            List<PredictionEvent> outcomes = restored.extractOutputValues().stream().filter(p -> p.labelled).toList();
            assertThat(outcomes).extracting(p -> p.id + "/" + p.model)
                    .containsExactlyInAnyOrder("q-1/search", "q-1/search-next", "q-2/search");
            assertThat(outcomes).allSatisfy(p -> {
                assertThat(p.task).isEqualTo(Task.RANKING);
                assertThat(p.relevantItems).as("the clicks, as the label gave them").containsExactly(clicks.items());
                assertThat(p.gains).containsExactly(clicks.gains());
            });
            assertThat(outcomes).filteredOn(p -> p.model.equals("search")).allSatisfy(p -> {
                assertThat(p.items).as("the first items, kept by fingerprint").containsExactly(served);
                assertThat(p.listLength).isEqualTo(20);
            });
            assertThat(outcomes).filteredOn(p -> p.model.equals("search-next")).singleElement()
                    .satisfies(p -> assertThat(p.listLength).isEqualTo(7));
            restored.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertThat(restored.getSideOutput(DEAD_LETTERS)).isNull();
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void rankedListsWaitingOnTwoSubtasksJoinTheirClicksOnOneAfterARescale(StateBackends backend) throws Exception {
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var harness = harness(backend, JoinTime.LABEL, 2, subtask)) {
                for (int i = 0; i < 30; i++) {
                    String id = "q-" + i;
                    if (owner(id, 2) == subtask) {
                        harness.processElement1(rankedList(id, 1_000 + i, "search", items(i), 10 + i), 1_000 + i);
                    }
                }
                snapshots.add(harness.snapshot(1, 1));
            }
        }
        try (var restored = harness(backend, JoinTime.LABEL, 1, 0, rescaled(snapshots, 2, 1, 0))) {
            for (int i = 0; i < 30; i++) {
                restored.processElement2(relevance("q-" + i, 5_000, new Relevance(new long[] {items(i)[i % 3]}, null)),
                        5_000);
            }
            List<PredictionEvent> outcomes = restored.extractOutputValues();
            assertThat(outcomes).as("every waiting list joined once").hasSize(30).allSatisfy(p -> {
                int i = Integer.parseInt(p.id.substring(2));
                assertThat(p.items).as("items of %s", p.id).containsExactly(items(i));
                assertThat(p.listLength).isEqualTo(10 + i);
                assertThat(p.relevantItems).containsExactly(items(i)[i % 3]);
            });
            assertThat(restored.getSideOutput(DEAD_LETTERS)).isNull();
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }

    /** Three fingerprints of query {@code i}'s list. */
    private static long[] items(int i) {
        return new long[] {ItemFingerprint.of("a-" + i), ItemFingerprint.of("b-" + i), ItemFingerprint.of("c-" + i)};
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aLongerTtlAfterARestoreKeepsWhatWaitsForTheLongerTtl(StateBackends backend) throws Exception {
        long longer = 3 * TTL;
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend, JoinTime.LABEL, TTL, 1, 0, null)) {
            harness.processElement1(prediction("slow", 1_000, "churn"), 1_000);
            harness.processElement2(label("orphan", 1_000, 1), 1_000);
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness(backend, JoinTime.LABEL, longer, 1, 0, snapshot)) {
            restored.processBothWatermarks(new Watermark(1_000 + 2 * TTL));
            assertThat(restored.extractOutputValues()).as("nothing expired under the old TTL").isEmpty();
            restored.processElement2(label("slow", 1_000 + 2 * TTL, 0), 1_000 + 2 * TTL);
            restored.processElement1(prediction("orphan", 1_000 + 2 * TTL, "churn"), 1_000 + 2 * TTL);
            assertThat(restored.extractOutputValues()).filteredOn(p -> p.labelled).extracting(p -> p.id)
                    .containsExactlyInAnyOrder("slow", "orphan");
            restored.processBothWatermarks(new Watermark(1_000 + longer + 2 * TTL));
            assertThat(restored.getSideOutput(DEAD_LETTERS)).isNull();
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aJoinedLabelForgottenBeforeARestoreStaysForgottenBeforeTheFirstWatermarkAfterIt(StateBackends backend)
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend, JoinTime.LABEL)) {
            harness.processElement1(prediction("again", 1_000), 1_000);
            harness.processElement2(label("again", 2_000, 1), 2_000);
            harness.processBothWatermarks(new Watermark(2_000 + TTL));
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness(backend, JoinTime.LABEL, 1, 0, snapshot)) {
            restored.processElement1(prediction("again", 2_000 + TTL + 5), 2_000 + TTL + 5);
            assertThat(restored.getSideOutput(DEAD_LETTERS)).as("not a duplicate of a label forgotten before").isNull();
            assertThat(restored.extractOutputValues()).filteredOn(p -> p.labelled).as("nor joined with it").isEmpty();
            assertThat(restored.numEventTimeTimers()).as("it waits for a label of its own").isOne();
        }
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aRecordTheJoinFailsOnIsDeadLetteredAsAnInternalErrorAndTheJoinGoesOn(StateBackends backend)
            throws Exception {
        try (var harness = harness(backend, JoinTime.LABEL)) {
            // No parsed prediction lacks its task: it stands for a defect not yet found.
            PredictionEvent broken = prediction("broken", 1_000);
            broken.task = null;
            broken.sourceOffset = 9;
            harness.processElement1(broken, 1_000);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement().satisfies(d -> {
                assertThat(d.getValue().kind).isEqualTo(RejectionKind.INTERNAL);
                assertThat(d.getValue().error).startsWith("internal error: java.lang.NullPointerException");
                assertThat(d.getValue().offset).isEqualTo(9);
            });
            harness.processElement1(prediction("fine", 1_000), 1_000);
            harness.processElement2(label("fine", 2_000, 1), 2_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).extracting(p -> p.id)
                    .containsExactly("fine");
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
        return harness(backend, joinTime, TTL, 1, 0, null);
    }

    private static Harness harness(StateBackends backend, JoinTime joinTime, int parallelism, int subtask)
            throws Exception {
        return harness(backend, joinTime, TTL, parallelism, subtask, null);
    }

    private static Harness harness(StateBackends backend, JoinTime joinTime, int parallelism, int subtask,
                                   OperatorSubtaskState restored) throws Exception {
        return harness(backend, joinTime, TTL, parallelism, subtask, restored);
    }

    private static Harness harness(StateBackends backend, JoinTime joinTime, long ttl, int parallelism, int subtask,
                                   OperatorSubtaskState restored) throws Exception {
        Harness harness = new Harness(new LabelJoin(ttl, joinTime, DEAD_LETTERS, e -> WRITTEN_BACK.toBytes(e)),
                parallelism, subtask);
        harness.setStateBackend(backend.create());
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    /** The subtask of {@code parallelism} that owns {@code id}. */
    private static int owner(String id, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, parallelism);
    }

    /** The snapshots of {@code from} subtasks, as subtask {@code subtask} of {@code to} restores them. */
    private static OperatorSubtaskState rescaled(List<OperatorSubtaskState> snapshots, int from, int to, int subtask)
            throws Exception {
        return AbstractStreamOperatorTestHarness.repartitionOperatorState(
                AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(OperatorSubtaskState[]::new)),
                MAX_PARALLELISM, from, to, subtask);
    }

    private static PendingJoin pending(Harness harness, String id) throws Exception {
        LabelJoin join = (LabelJoin) harness.getOperator();
        join.getKeyedStateBackend().setCurrentKey(id);
        return join.pendingState().value();
    }

    private static PredictionEvent version(PredictionEvent p, String version, String segment) {
        p.version = version;
        p.segment = segment;
        return p;
    }

    private static PredictionEvent multiClass(String id, long ts, String model) {
        PredictionEvent p = prediction(id, ts, model);
        p.task = Task.MULTICLASS;
        p.scores = new double[] {0.2, 0.8};
        p.classes = new String[] {"cat", "dog"};
        return p;
    }

    private static LabelEvent catLabel(String id, long ts) {
        LabelEvent cat = label(id, ts, 0);
        cat.labelKind = LabelKind.STRING;
        cat.labelText = "cat";
        cat.raw = ("{\"id\":\"" + id + "\",\"label\":\"cat\"}").getBytes(StandardCharsets.UTF_8);
        return cat;
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

    private static PredictionEvent rankedList(String id, long ts, String model, long[] items, int length) {
        PredictionEvent e = new PredictionEvent();
        e.model = model;
        e.id = id;
        e.task = Task.RANKING;
        e.items = items;
        e.listLength = length;
        e.timestamp = ts;
        return e;
    }

    private static LabelEvent relevance(String id, long ts, Relevance clicks) {
        LabelEvent l = new LabelEvent();
        l.id = id;
        l.timestamp = ts;
        l.setWritten(WrittenLabel.relevance(clicks));
        l.sourceTopic = "labels";
        l.sourceOffset = ts;
        return l;
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

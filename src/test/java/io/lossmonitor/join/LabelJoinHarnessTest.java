package io.lossmonitor.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelKind;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** The label join driven by hand: both arrival orders, expiry, duplicates, misfit labels, and no state left behind. */
class LabelJoinHarnessTest {

    private static final long TTL = 60_000;
    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    @Test
    void aLabelAfterItsPredictionJoinsAtLabelTimeAndLeavesNoState() throws Exception {
        try (var harness = harness(JoinTime.LABEL)) {
            harness.processElement1(prediction("p-1", 1_000), 1_000);
            assertThat(harness.extractOutputValues()).singleElement()
                    .satisfies(p -> {
                        assertThat(p.labelled).as("the prediction goes on at once, for the label-free signals").isFalse();
                        assertThat(p.countsAsPrediction).isTrue();
                    });
            harness.processElement2(label("p-1", 5_000, 1), 5_000);
            List<PredictionEvent> out = harness.extractOutputValues();
            assertThat(out).hasSize(2);
            PredictionEvent outcome = out.get(1);
            assertThat(outcome.labelled).isTrue();
            assertThat(outcome.label).isEqualTo(1.0);
            assertThat(outcome.countsAsPrediction).as("an outcome is not counted as a second prediction").isFalse();
            assertThat(outcome.timestamp).isEqualTo(5_000);
            assertThat(outcome.labelDelayMs).isEqualTo(4_000);

            harness.processBothWatermarks(new Watermark(5_000 + TTL));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aLabelBeforeItsPredictionJoinsWhenThePredictionArrives() throws Exception {
        try (var harness = harness(JoinTime.LABEL)) {
            harness.processElement2(label("p-2", 3_000, 0), 3_000);
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processElement1(prediction("p-2", 1_000), 1_000);
            List<PredictionEvent> out = harness.extractOutputValues();
            assertThat(out).extracting(p -> p.labelled).containsExactly(false, true);
            assertThat(out.get(1).timestamp).isEqualTo(3_000);
            assertThat(out.get(1).label).isEqualTo(0.0);
            harness.processBothWatermarks(new Watermark(3_000 + TTL));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void joinTimePredictionKeepsThePredictionsEventTime() throws Exception {
        try (var harness = harness(JoinTime.PREDICTION)) {
            harness.processElement1(prediction("p-3", 1_000), 1_000);
            harness.processElement2(label("p-3", 9_000, 1), 9_000);
            assertThat(harness.extractOutputValues().get(1).timestamp).isEqualTo(1_000);
        }
    }

    @Test
    void anUnlabelledPredictionExpiresAsAMarkerAndAnOrphanLabelIsDropped() throws Exception {
        try (var harness = harness(JoinTime.LABEL)) {
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
            assertThat(out.get(1).getTimestamp()).as("counted when it expired").isEqualTo(1_000 + TTL);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSecondLabelIsADuplicateNotASecondJoin() throws Exception {
        try (var harness = harness(JoinTime.LABEL)) {
            harness.processElement1(prediction("p-4", 1_000), 1_000);
            harness.processElement2(label("p-4", 2_000, 1), 2_000);
            harness.processElement2(label("p-4", 2_500, 0), 2_500);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).hasSize(1);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).extracting(r -> r.getValue().error)
                    .containsExactly("duplicate label for id 'p-4': the prediction is already labelled");
            harness.processBothWatermarks(new Watermark(2_500 + TTL));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aLabelThatDoesNotFitIsDeadLetteredAndThePredictionKeepsWaiting() throws Exception {
        try (var harness = harness(JoinTime.LABEL)) {
            harness.processElement1(prediction("p-5", 1_000), 1_000);
            LabelEvent misfit = label("p-5", 2_000, 0);
            misfit.labelKind = LabelKind.STRING;
            misfit.labelText = "cat";
            harness.processElement2(misfit, 2_000);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().error)
                            .startsWith("'label' must be 0, 1, true or false for a binary prediction, got \"cat\"")
                            .contains("model 'churn'"));
            harness.processElement2(label("p-5", 3_000, 1), 3_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).singleElement()
                    .satisfies(p -> assertThat(p.label).isEqualTo(1.0));
        }
    }

    @Test
    void oneLabelLabelsThePredictionsOfEveryModelWithItsId() throws Exception {
        try (var harness = harness(JoinTime.LABEL)) {
            harness.processElement1(prediction("shared", 1_000, "champion"), 1_000);
            harness.processElement1(prediction("shared", 1_200, "challenger"), 1_200);
            harness.processElement2(label("shared", 4_000, 1), 4_000);
            harness.processElement1(prediction("shared", 4_500, "late-shadow"), 4_500);
            List<PredictionEvent> outcomes = harness.extractOutputValues().stream().filter(p -> p.labelled).toList();
            assertThat(outcomes).as("waiting predictions join the label, a later one joins the label kept")
                    .extracting(p -> p.model + "@" + p.timestamp + " delay " + p.labelDelayMs)
                    .containsExactlyInAnyOrder("champion@4000 delay 3000", "challenger@4000 delay 2800",
                            "late-shadow@4000 delay -500");
            assertThat(harness.getSideOutput(DEAD_LETTERS)).isNull();

            harness.processBothWatermarks(new Watermark(4_500 + TTL - 1));
            harness.processElement2(label("shared", 5_000, 0), 5_000);
            assertThat(harness.getSideOutput(DEAD_LETTERS)).as("the label is kept until the TTL has passed")
                    .extracting(r -> r.getValue().error)
                    .containsExactly("duplicate label for id 'shared': the prediction is already labelled");
            harness.processBothWatermarks(new Watermark(4_500 + TTL));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aPredictionOfAnotherModelExpiresOnItsOwnWhileTheOtherJoins() throws Exception {
        try (var harness = harness(JoinTime.LABEL)) {
            harness.processElement1(prediction("p-6", 1_000, "champion"), 1_000);
            harness.processBothWatermarks(new Watermark(30_000));
            harness.processElement1(prediction("p-6", 40_000, "challenger"), 40_000);
            harness.processBothWatermarks(new Watermark(1_000 + TTL));
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.expired).extracting(p -> p.model)
                    .containsExactly("champion");
            harness.processElement2(label("p-6", 70_000, 1), 70_000);
            assertThat(harness.extractOutputValues()).filteredOn(p -> p.labelled).extracting(p -> p.model)
                    .containsExactly("challenger");
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, PredictionEvent, LabelEvent, PredictionEvent> harness(
            JoinTime joinTime) throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new LabelJoin(TTL, joinTime, DEAD_LETTERS)),
                new PredictionIdSelector(), new LabelIdSelector(), Types.STRING);
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
        return l;
    }
}

package io.lossmonitor.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The pairing driven by hand: both arrival orders, duplicates, a task mismatch, expiry, and no state left behind. */
class PairJoinHarnessTest {

    private static final long TTL = 60_000;

    @Test
    void theTwoSidesPairAtTheLaterEventTimeWhicheverArrivesFirst() throws Exception {
        try (var harness = harness()) {
            harness.processElement(side(true, "p-1", 5_000, 0.9), 5_000);
            assertThat(harness.extractOutputValues()).as("a side waits for the other").isEmpty();
            harness.processElement(side(false, "p-1", 3_000, 0.2), 3_000);
            assertThat(harness.extractOutputValues()).singleElement().satisfies(pair -> {
                assertThat(pair.timestamp).isEqualTo(5_000);
                assertThat(pair.championLosses).containsExactly(entry("mse", 0.2));
                assertThat(pair.challengerLosses).containsExactly(entry("mse", 0.9));
                assertThat(pair.task).isEqualTo(Task.REGRESSION);
            });
            harness.processWatermark(new Watermark(5_000 + TTL));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSecondPredictionOfTheSameModelIsRejectedWhetherWaitingOrPaired() throws Exception {
        try (var harness = harness()) {
            harness.processElement(side(false, "p-2", 1_000, 0.1), 1_000);
            harness.processElement(side(false, "p-2", 1_100, 0.1), 1_100);
            harness.processElement(side(true, "p-2", 1_200, 0.3), 1_200);
            harness.processElement(side(true, "p-2", 1_300, 0.3), 1_300);
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.getSideOutput(PairJoin.REJECTED)).extracting(r -> r.getValue().reason)
                    .containsExactly(
                            "duplicate prediction of 'champ' with id 'p-2' for --compare champ:chall: its first "
                                    + "prediction is waiting for the other model's (it still counts in the model's "
                                    + "own aggregate)",
                            "duplicate prediction of 'chall' with id 'p-2' for --compare champ:chall: it is already "
                                    + "paired (it still counts in the model's own aggregate)");
        }
    }

    @Test
    void aSideOfAnotherTaskIsRejectedAndTheWaitingSideExpires() throws Exception {
        try (var harness = harness()) {
            harness.processElement(side(false, "p-3", 1_000, 0.1), 1_000);
            PairSide binary = side(true, "p-3", 2_000, 0.4);
            binary.task = Task.BINARY;
            harness.processElement(binary, 2_000);
            assertThat(harness.getSideOutput(PairJoin.REJECTED)).singleElement()
                    .satisfies(r -> assertThat(r.getValue().reason).isEqualTo("cannot pair the binary prediction of "
                            + "'chall' with id 'p-3' with the regression prediction of 'champ' (--compare champ:chall)"));
            harness.processWatermark(new Watermark(1_000 + TTL));
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aWaitingSideRestoredFromARunThatComparedFewerLossesPairsByName() throws Exception {
        OperatorSubtaskState snapshot;
        try (var before = harness()) {
            PairSide champion = side(false, "p-4", 1_000, 0.0);
            champion.losses = Map.of("mse", 4.0, "mae", 2.0);
            before.processElement(champion, 1_000);
            snapshot = before.snapshot(1, 1);
        }
        try (var after = harness(snapshot)) {
            PairSide challenger = side(true, "p-4", 2_000, 0.0);
            Map<String, Double> losses = new LinkedHashMap<>();
            losses.put("a_loss_compared_first_since", 7.0);
            losses.put("mse", 9.0);
            losses.put("mae", 3.0);
            challenger.losses = losses;
            after.processElement(challenger, 2_000);
            PairedLosses pair = after.extractOutputValues().get(0);
            PairedDifferences differences = new PairedDifferences();
            differences.add(pair.championLosses, pair.challengerLosses);
            assertThat(differences.metrics).as("the losses both sides have, by name")
                    .containsOnlyKeys("mse", "mae");
            assertThat(differences.metrics.get("mse").mean).isCloseTo(9.0 - 4.0, within(1e-15));
            assertThat(differences.metrics.get("mae").mean).isCloseTo(3.0 - 2.0, within(1e-15));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PairSide, PairedLosses> harness() throws Exception {
        return harness(null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PairSide, PairedLosses> harness(
            OperatorSubtaskState restored) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new PairJoin(TTL),
                new PairSideKeySelector(), Types.STRING);
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    private static PairSide side(boolean challenger, String id, long ts, double loss) {
        PairSide side = new PairSide();
        side.champion = "champ";
        side.challenger = "chall";
        side.challengerSide = challenger;
        side.id = id;
        side.task = Task.REGRESSION;
        side.timestamp = ts;
        side.losses = Map.of("mse", loss);
        side.event = new PredictionEvent();
        return side;
    }
}

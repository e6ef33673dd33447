package io.lossmonitor.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.event.Task;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Comparison windows driven by hand: sliding windows merge panes, each pair enters the cumulative sum once, late
 * pairs are dropped, and a comparison that stops loses its state after the key TTL.
 */
class ComparisonWindowsHarnessTest {

    private static final long MINUTE = 60_000;
    private static final long KEY_TTL = 10 * MINUTE;

    @Test
    void slidingWindowsMergePanesAndEachPairCountsOnceInTheTotal() throws Exception {
        try (var harness = harness(2 * MINUTE, MINUTE)) {
            harness.processElement(pair(10_000, 1.0, 3.0), 10_000);
            harness.processElement(pair(MINUTE + 5_000, 1.0, 2.0), MINUTE + 5_000);
            harness.processWatermark(new Watermark(3 * MINUTE - 1));
            List<ComparisonResult> results = harness.extractOutputValues();
            assertThat(results).extracting(r -> r.windowStart + "-" + r.windowEnd + ": " + r.window.paired + " of "
                            + r.cumulative.paired)
                    .containsExactly("-60000-60000: 1 of 1", "0-120000: 2 of 2", "60000-180000: 1 of 2");
            PairedMoments mse = results.get(1).window.metrics.get("mse");
            assertThat(mse.mean).as("mean difference of +2 and +1").isEqualTo(1.5);
            assertThat(results.get(2).cumulative.metrics.get("mse").n).as("no pair counted twice").isEqualTo(2);

            harness.processElement(pair(30_000, 5.0, 0.0), 30_000);
            assertThat(harness.extractOutputValues()).as("a pair of an ended pane is late").hasSize(3);
        }
    }

    @Test
    void aComparisonWithoutPairsForTheKeyTtlLeavesNoState() throws Exception {
        try (var harness = harness(MINUTE, MINUTE)) {
            harness.processElement(pair(10_000, 1.0, 3.0), 10_000);
            harness.processWatermark(new Watermark(MINUTE - 1 + KEY_TTL - 1));
            assertThat(harness.numKeyedStateEntries()).as("the total waits for the key TTL").isPositive();
            harness.processWatermark(new Watermark(MINUTE - 1 + KEY_TTL));
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PairedLosses, ComparisonResult> harness(
            long window, long slide) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new ComparisonWindows(window, slide, KEY_TTL),
                new PairedLossesKeySelector(), Types.STRING);
        harness.open();
        return harness;
    }

    /** A regression pair whose squared errors are {@code champion} and {@code challenger}. */
    private static PairedLosses pair(long ts, double champion, double challenger) {
        PairedLosses pair = new PairedLosses();
        pair.champion = "champ";
        pair.challenger = "chall";
        pair.task = Task.REGRESSION;
        pair.timestamp = ts;
        pair.championLosses = Map.of("mse", champion, "mae", Math.sqrt(champion), "huber", champion / 2);
        pair.challengerLosses = Map.of("mse", challenger, "mae", Math.sqrt(challenger), "huber", challenger / 2);
        return pair;
    }
}

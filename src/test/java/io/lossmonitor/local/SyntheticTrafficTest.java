package io.lossmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.PredictionParser;
import io.lossmonitor.event.Task;
import io.lossmonitor.io.VectorReduction;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.metric.EventScorer;
import io.lossmonitor.testing.Parsers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generator's traffic: reproducible, valid, and shaped as the demo needs it. */
class SyntheticTrafficTest {

    private static final long START = 1_795_860_000_000L;

    @Test
    void theSameSeedGivesTheSameTraffic() {
        assertThat(ticks(new SyntheticTraffic(7, 60_000), 200)).isEqualTo(ticks(new SyntheticTraffic(7, 60_000), 200));
        assertThat(ticks(new SyntheticTraffic(7, 60_000), 50)).isNotEqualTo(ticks(new SyntheticTraffic(8, 60_000), 50));
    }

    @Test
    void everyEventIsValidAndEveryModelIsThere() throws Exception {
        PredictionParser parser = Parsers.prediction();
        List<PredictionEvent> events = new ArrayList<>();
        for (String json : ticks(new SyntheticTraffic(42, 60_000), 300)) {
            events.add(parser.parse(json.getBytes(StandardCharsets.UTF_8), -1));
        }
        Map<String, Task> tasks = events.stream().collect(Collectors.toMap(e -> e.model, e -> e.task, (a, b) -> a));
        assertThat(tasks).containsEntry(SyntheticTraffic.CALIBRATED, Task.BINARY)
                .containsEntry(SyntheticTraffic.OVERCONFIDENT, Task.BINARY)
                .containsEntry(SyntheticTraffic.ANIMALS, Task.MULTICLASS)
                .containsEntry(SyntheticTraffic.HOUSE_PRICES, Task.REGRESSION)
                .containsEntry(SyntheticTraffic.FRAUD, Task.BINARY)
                .containsEntry(SyntheticTraffic.ENCODER, Task.TRIPLET)
                .containsEntry(SyntheticTraffic.ENCODER_HALF_SCALE, Task.TRIPLET)
                .containsEntry(SyntheticTraffic.ENCODER_COLLAPSING, Task.TRIPLET)
                .containsEntry(SyntheticTraffic.RANKER, Task.RANKING)
                .containsEntry(SyntheticTraffic.RANKER_NEXT, Task.RANKING);
        assertThat(events).allSatisfy(e -> assertThat(e.labelled).isTrue());
        assertThat(events).filteredOn(e -> e.model.equals(SyntheticTraffic.ANIMALS))
                .allSatisfy(e -> assertThat(e.classes).containsExactly("cat", "dog", "bird"));
    }

    @Test
    void theChurnPairAlwaysPredictsTheSameClassWithDifferentConfidence() throws Exception {
        PredictionParser parser = Parsers.prediction();
        SyntheticTraffic traffic = new SyntheticTraffic(42, 60_000);
        for (int i = 0; i < 500; i++) {
            List<String> tick = traffic.next(START + i);
            PredictionEvent calibrated = parser.parse(tick.get(0).getBytes(StandardCharsets.UTF_8), -1);
            PredictionEvent overconfident = parser.parse(tick.get(1).getBytes(StandardCharsets.UTF_8), -1);
            assertThat(calibrated.model).isEqualTo(SyntheticTraffic.CALIBRATED);
            assertThat(overconfident.model).isEqualTo(SyntheticTraffic.OVERCONFIDENT);
            assertThat(calibrated.label).isEqualTo(overconfident.label);
            assertThat(calibrated.score >= 0.5).as("same predicted class").isEqualTo(overconfident.score >= 0.5);
            assertThat(Math.abs(overconfident.score - 0.5)).isGreaterThanOrEqualTo(Math.abs(calibrated.score - 0.5));
        }
    }

    @Test
    void aLabelSentSeparatelyIsTheSameLabelAsInline() throws Exception {
        PredictionParser parser = Parsers.prediction();
        io.lossmonitor.event.LabelParser labels = Parsers.label();
        for (SyntheticTraffic.Generated g : new SyntheticTraffic(42, 60_000).generate(START)) {
            if (g.labelJson() == null) {
                assertThat(g.sendsLabel()).as("%s takes no label", g.model()).isFalse();
                continue;
            }
            PredictionEvent inline = parser.parse(g.withLabel().getBytes(StandardCharsets.UTF_8), -1);
            PredictionEvent bare = parser.parse(g.withoutLabel().getBytes(StandardCharsets.UTF_8), -1);
            io.lossmonitor.event.LabelEvent label = labels.parse(
                    g.labelEvent(START + 30_000).getBytes(StandardCharsets.UTF_8), -1);
            assertThat(bare.labelled).isFalse();
            assertThat(label.id).isEqualTo(bare.id);
            assertThat(label.timestamp).isEqualTo(START + 30_000);
            assertThat(label.resolveFor(bare)).as("label of %s", g.id()).isEqualTo(inline.label);
            assertThat(label.relevantItems).as("clicks of %s", g.id()).isEqualTo(inline.relevantItems);
        }
    }

    @Test
    void theSecondRankerPushesTheClickedItemsDownOnceItDegrades() throws Exception {
        PredictionParser parser = Parsers.prediction();
        SyntheticTraffic traffic = new SyntheticTraffic(42, 60_000);
        io.lossmonitor.loss.ScoredEvent scored = new io.lossmonitor.loss.ScoredEvent();
        double[][] ndcg = new double[2][2];
        double[][] hits = new double[2][2];
        int[][] queries = new int[2][2];
        for (int i = 0; i < 2_000; i++) {
            long ts = START + i * 60L;
            int period = ts - START >= 60_000 ? 1 : 0;
            for (String json : traffic.next(ts)) {
                PredictionEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8), -1);
                if (e.task == Task.RANKING) {
                    EventScorer.score(e, io.lossmonitor.loss.LossParameters.DEFAULTS, scored);
                    if (scored.labelled()) {
                        int ranker = e.model.equals(SyntheticTraffic.RANKER) ? 0 : 1;
                        ndcg[ranker][period] += scored.ndcg();
                        hits[ranker][period] += scored.hit();
                        queries[ranker][period]++;
                    }
                }
            }
        }
        double firstBefore = ndcg[0][0] / queries[0][0];
        double nextBefore = ndcg[1][0] / queries[1][0];
        double nextAfter = ndcg[1][1] / queries[1][1];
        assertThat(nextBefore).as("before, the two rank alike").isCloseTo(firstBefore, within(0.03));
        assertThat(ndcg[0][1] / queries[0][1]).as("the first ranker stays as it was").isCloseTo(firstBefore,
                within(0.03));
        assertThat(nextAfter).as("the second's NDCG falls").isLessThan(nextBefore - 0.2);
        double hitDrop = hits[1][0] / queries[1][0] - hits[1][1] / queries[1][1];
        assertThat(hitDrop).as("its hit rate falls less than its NDCG").isLessThan(nextBefore - nextAfter);
    }

    @Test
    void theHalfScaleEncoderMakesTheSameMistakesAtHalfTheDistancesAndTheThirdCollapsesLater() throws Exception {
        PredictionParser parser = Parsers.prediction();
        SyntheticTraffic traffic = new SyntheticTraffic(42, 60_000);
        int wrongBefore = 0;
        int wrongAfter = 0;
        for (int i = 0; i < 2_000; i++) {
            long ts = START + i * 100L;
            Map<String, PredictionEvent> encoders = new java.util.HashMap<>();
            for (String json : traffic.next(ts)) {
                PredictionEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8), -1);
                if (e.task == Task.TRIPLET) {
                    VectorReduction.reduce(e, EmbeddingParameters.DEFAULTS);
                    encoders.put(e.model, e);
                }
            }
            PredictionEvent full = encoders.get(SyntheticTraffic.ENCODER);
            PredictionEvent half = encoders.get(SyntheticTraffic.ENCODER_HALF_SCALE);
            PredictionEvent collapsing = encoders.get(SyntheticTraffic.ENCODER_COLLAPSING);
            assertThat(half.id).as("the same triplet").isEqualTo(full.id).isEqualTo(collapsing.id);
            // Half the distance, up to the 1e-6 PyTorch adds to every component of a difference.
            assertThat(half.scores[0]).isCloseTo(full.scores[0] / 2, within(1e-5));
            assertThat(half.scores[1]).isCloseTo(full.scores[1] / 2, within(1e-5));
            assertThat(half.scores[0] >= half.scores[1]).as("the same mistake")
                    .isEqualTo(full.scores[0] >= full.scores[1]);
            boolean wrong = collapsing.scores[0] >= collapsing.scores[1];
            if (ts - START < 60_000) {
                assertThat(collapsing.scores).as("before the collapse").isEqualTo(full.scores);
                wrongBefore += wrong ? 1 : 0;
            } else if (ts - START >= 60_000 + 3 * 60_000 - 100_000) {
                wrongAfter += wrong ? 1 : 0;
            }
        }
        assertThat(wrongBefore / 600.0).as("triplet error rate before the collapse").isLessThan(0.2);
        assertThat(wrongAfter / 100.0).as("triplet error rate once collapsed").isGreaterThan(0.35);
    }

    private static List<String> ticks(SyntheticTraffic traffic, int n) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.addAll(traffic.next(START + i * 100L));
        }
        return all;
    }
}

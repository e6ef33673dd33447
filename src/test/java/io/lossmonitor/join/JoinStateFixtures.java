package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.Relevance;
import io.lossmonitor.event.WrittenLabel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Values of the label join's state of every shape its formats distinguish, and their comparison. */
final class JoinStateFixtures {

    private JoinStateFixtures() {}

    /** What waits under an id, in every shape format 3 distinguishes: those of format 2, and ranked lists. */
    static PendingJoin[] pendingJoins() {
        List<PendingJoin> all = new java.util.ArrayList<>(List.of(pendingJoinsOfFormat2()));
        all.add(PendingJoin.predictions(List.of(
                new WaitingPrediction(5, 0, 1_795_860_000_000L, 1.0, false, 0, null,
                        new long[] {-1L, 0L, 0x7FFF_FFFF_FFFF_FFFFL, 0x1234_5678_9ABC_DEF0L}, 20),
                new WaitingPrediction(6, 0, 1_795_860_000_500L, 3.0, false, 0, null, new long[] {42L}, 1))));
        all.add(PendingJoin.label(label(WrittenLabel.relevance(new Relevance(new long[] {7L, -7L}, null)),
                "{\"id\":\"q\",\"relevant\":[\"a\",\"b\"]}")));
        all.add(PendingJoin.label(label(WrittenLabel.relevance(new Relevance(new long[] {1L, 2L, 3L},
                new double[] {3.0, 0.5, Double.MAX_VALUE})), null)));
        all.add(PendingJoin.label(label(WrittenLabel.relevance(new Relevance(new long[0], new double[0])), null)));
        return all.toArray(PendingJoin[]::new);
    }

    /** What waits under an id, in every shape format 2 distinguishes. */
    static PendingJoin[] pendingJoinsOfFormat2() {
        return new PendingJoin[] {
            PendingJoin.predictions(List.of(new WaitingPrediction(0, 0, 1_795_860_000_000L, 1.0, false, 0.83, null))),
            PendingJoin.predictions(List.of(
                    new WaitingPrediction(3, 0, 1_795_860_000_000L, 1.0, false, 0.83, null),
                    new WaitingPrediction(200, 0, 1_795_860_001_000L, 2.5, true, -1.25, null),
                    new WaitingPrediction(WaitingPrediction.LEGACY, 0x1234_5678_9ABC_DEF0L, 1_795_860_002_000L, 1.0,
                            false, 0, new double[] {0.2, 0.3, 0.5}),
                    new WaitingPrediction(70_000, 0, -5L, 0.125, true, 0, new double[] {-1.5, 0.0, 3.25, 7.0}))),
            PendingJoin.label(label(WrittenLabel.bool(true), "{\"id\":\"a\",\"label\":true}")),
            PendingJoin.label(label(WrittenLabel.text("cat"), null)),
            PendingJoin.label(label(WrittenLabel.number(212.5), "{\"id\":\"é\",\"label\":212.5}")),
        };
    }

    /** What waited under an id as format 1 (release 0.2) wrote it: every reference a fingerprint. */
    static PendingJoin[] pendingJoinsOfFormat1() {
        return new PendingJoin[] {
            PendingJoin.predictions(List.of(legacy(0x5EEDL, 1_795_860_000_000L, 1.0, false, 0.83, null))),
            PendingJoin.predictions(List.of(legacy(0x5EEDL, 1_795_860_000_000L, 1.0, false, 0.83, null),
                    legacy(-7L, 1_795_860_001_000L, 2.5, true, -1.25, null),
                    legacy(0x1234_5678_9ABC_DEF0L, 1_795_860_002_000L, 1.0, false, 0, new double[] {0.2, 0.3, 0.5}),
                    legacy(42L, -5L, 0.125, true, 0, new double[] {-1.5, 0.0, 3.25, 7.0}))),
            PendingJoin.label(label(WrittenLabel.bool(true), "{\"id\":\"a\",\"label\":true}")),
            PendingJoin.label(label(WrittenLabel.text("cat"), null)),
            PendingJoin.label(label(WrittenLabel.number(212.5), "{\"id\":\"é\",\"label\":212.5}")),
        };
    }

    /** Joined labels in every shape format 3 distinguishes: those of format 2, and relevance labels. */
    static JoinedLabel[] joinedLabels() {
        List<JoinedLabel> all = new java.util.ArrayList<>(List.of(joinedLabelsOfFormat2()));
        all.add(new JoinedLabel(WrittenLabel.relevance(new Relevance(new long[] {7L, -7L}, null)),
                1_795_860_000_000L, new int[] {0, 1}));
        all.add(new JoinedLabel(WrittenLabel.relevance(new Relevance(new long[] {9L}, new double[] {2.5})),
                1_795_860_000_000L, new int[] {3}));
        return all.toArray(JoinedLabel[]::new);
    }

    /** Joined labels in every shape format 2 distinguishes, event times far beyond six bytes included. */
    static JoinedLabel[] joinedLabelsOfFormat2() {
        return new JoinedLabel[] {
            new JoinedLabel(WrittenLabel.number(1), 1_795_860_000_000L, new int[] {0}),
            new JoinedLabel(WrittenLabel.number(0), 0, new int[] {62}),
            new JoinedLabel(WrittenLabel.number(111), 1L, new int[] {63, 0, 5_000}),
            new JoinedLabel(WrittenLabel.number(112), -1L, new int[] {1, 2}),
            new JoinedLabel(WrittenLabel.number(-0.0), 4_102_444_800_000L, new int[] {0}),
            new JoinedLabel(WrittenLabel.number(198.25), -2_000_000_000_000L, new int[] {7}),
            new JoinedLabel(WrittenLabel.bool(false), 100_000_000_000_000_000L, new int[] {0}),
            new JoinedLabel(WrittenLabel.bool(true), -100_000_000_000_000_000L, new int[] {0}),
            new JoinedLabel(WrittenLabel.text("bird"), Long.MAX_VALUE, new int[] {0}),
            JoinedLabel.withoutSignatures(WrittenLabel.UNKNOWN, Long.MIN_VALUE + 1),
        };
    }

    /** Joined labels as format 1 (release 0.2) wrote them: without signatures, times within six bytes. */
    static JoinedLabel[] joinedLabelsOfFormat1() {
        return new JoinedLabel[] {
            JoinedLabel.withoutSignatures(WrittenLabel.number(1), 1_795_860_000_000L),
            JoinedLabel.withoutSignatures(WrittenLabel.number(0), 0),
            JoinedLabel.withoutSignatures(WrittenLabel.number(111), 1L),
            JoinedLabel.withoutSignatures(WrittenLabel.number(112), -1L),
            JoinedLabel.withoutSignatures(WrittenLabel.number(-0.0), 4_102_444_800_000L),
            JoinedLabel.withoutSignatures(WrittenLabel.number(198.25), -2_000_000_000_000L),
            JoinedLabel.withoutSignatures(WrittenLabel.bool(false), 1_795_860_000_000L),
            JoinedLabel.withoutSignatures(WrittenLabel.bool(true), 1_795_860_000_000L),
            JoinedLabel.withoutSignatures(WrittenLabel.text("bird"), 1_795_860_000_000L),
            JoinedLabel.withoutSignatures(WrittenLabel.UNKNOWN, 1_795_860_000_000L),
        };
    }

    private static WaitingPrediction legacy(long fingerprint, long timestamp, double weight, boolean logits,
                                            double score, double[] scores) {
        return new WaitingPrediction(WaitingPrediction.LEGACY, fingerprint, timestamp, weight, logits, score, scores);
    }

    private static LabelEvent label(WrittenLabel written, String raw) {
        LabelEvent l = new LabelEvent();
        l.timestamp = 1_795_860_003_000L;
        l.setWritten(written);
        l.sourceTopic = "labels";
        l.sourcePartition = 1;
        l.sourceOffset = 4_711;
        l.kafkaTimestamp = 1_795_860_003_123L;
        l.raw = raw == null ? null : raw.getBytes(StandardCharsets.UTF_8);
        return l;
    }

    /** Whether two values of what waits under an id hold the same, the waiting label's every kept field included. */
    static boolean same(PendingJoin a, PendingJoin b) {
        if (!a.predictions.equals(b.predictions) || (a.label == null) != (b.label == null)) {
            return false;
        }
        return a.label == null || a.label.timestamp == b.label.timestamp
                && a.label.written().equals(b.label.written()) && Objects.equals(a.label.sourceTopic, b.label.sourceTopic)
                && a.label.sourcePartition == b.label.sourcePartition && a.label.sourceOffset == b.label.sourceOffset
                && a.label.kafkaTimestamp == b.label.kafkaTimestamp && Arrays.equals(a.label.raw, b.label.raw);
    }
}

package io.lossmonitor.aggregate;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.sketch.LabelDelays;
import io.lossmonitor.sketch.PartState;
import io.lossmonitor.sketch.QuantileSketch;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

/** Flink's own serializer checks (copies, sequences, snapshots, duplicates) on accumulators of every task. */
class LossAccumulatorSerializerTest extends SerializerTestBase<LossAccumulator> {

    LossAccumulatorSerializerTest() {
        super(new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> a instanceof LossAccumulator && b instanceof LossAccumulator,
                (a, b, checker) -> sameState((LossAccumulator) a, (LossAccumulator) b)));
    }

    private static byte[] bytes(LabelDelays delays) {
        return delays == null ? null : delays.toBytes();
    }

    /** Field by field: an accumulator has no equality of its own, since nothing but these tests compares two. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean sameState(LossAccumulator a, LossAccumulator b) {
        boolean same = a.task == b.task && Arrays.equals(a.values, b.values) && a.clipped == b.clipped
                && a.expired == b.expired && Arrays.equals(bytes(a.labelDelays), bytes(b.labelDelays))
                && a.unknownParts == b.unknownParts;
        for (int i = 0; same && i < a.parts.length; i++) {
            PartState mine = a.parts[i];
            PartState theirs = b.parts[i];
            same = mine == null ? theirs == null : theirs != null && mine.sameAs(theirs);
        }
        return same;
    }

    @Override
    protected TypeSerializer<LossAccumulator> createSerializer() {
        return LossAccumulatorSerializer.CURRENT;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<LossAccumulator> getTypeClass() {
        return LossAccumulator.class;
    }

    @Override
    protected LossAccumulator[] getTestData() {
        return new LossAccumulator[] {LossAccumulator.empty(), regression(), binaryWithLabelDelays(), multiclass(),
                manyRegressionEvents()};
    }

    static LossAccumulator regression() {
        LossAccumulator acc = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < 5; i++) {
            PredictionEvent e = event(Task.REGRESSION, i);
            e.score = 10 + i;
            e.label = 12 - i;
            e.labelled = i != 2;
            acc.add(e, LossParameters.DEFAULTS, scratch);
        }
        return acc;
    }

    /** Enough events for the loss quantiles to be a KLL sketch rather than the values themselves. */
    static LossAccumulator manyRegressionEvents() {
        LossAccumulator acc = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < 2 * QuantileSketch.EXACT; i++) {
            PredictionEvent e = event(Task.REGRESSION, i);
            e.score = i;
            e.label = 3 * i % 17;
            e.labelled = true;
            acc.add(e, LossParameters.DEFAULTS, scratch);
        }
        return acc;
    }

    static LossAccumulator binaryWithLabelDelays() {
        LossAccumulator acc = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < 6; i++) {
            PredictionEvent e = event(Task.BINARY, i);
            e.score = 0.1 + 0.15 * i;
            e.label = i % 2;
            e.labelled = true;
            e.labelDelayMs = 1_000L * i;
            e.weight = 1 + i;
            acc.add(e, LossParameters.DEFAULTS, scratch);
        }
        acc.expired = 2;
        return acc;
    }

    static LossAccumulator multiclass() {
        LossAccumulator acc = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < 4; i++) {
            PredictionEvent e = event(Task.MULTICLASS, i);
            e.logits = true;
            e.scores = new double[] {i, -1.0, 0.5 * i};
            e.label = i % 3;
            e.labelled = true;
            acc.add(e, LossParameters.DEFAULTS, scratch);
        }
        return acc;
    }

    private static PredictionEvent event(Task task, int i) {
        PredictionEvent e = new PredictionEvent();
        e.model = "m";
        e.task = task;
        e.timestamp = i;
        return e;
    }
}

package io.lossmonitor.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelKind;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The compact serializers of the label join's input edges: Flink's own serializer checks, and every field of an
 * event of each shape — nulls, arrays, vectors, class names, flags, raw bytes — read back as written.
 */
class WireSerializersTest {

    @Nested
    class Predictions extends SerializerTestBase<PredictionEvent> {

        @Override
        protected TypeSerializer<PredictionEvent> createSerializer() {
            return PredictionWireSerializer.INSTANCE;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<PredictionEvent> getTypeClass() {
            return PredictionEvent.class;
        }

        @Override
        protected PredictionEvent[] getTestData() {
            return predictions();
        }
    }

    @Nested
    class Labels extends SerializerTestBase<LabelEvent> {

        Labels() {
            super(new DeeplyEqualsChecker().withCustomCheck(
                    (a, b) -> a instanceof LabelEvent && b instanceof LabelEvent,
                    (a, b, checker) -> sameLabel((LabelEvent) a, (LabelEvent) b)));
        }

        @Override
        protected TypeSerializer<LabelEvent> createSerializer() {
            return LabelWireSerializer.INSTANCE;
        }

        @Override
        protected int getLength() {
            return -1;
        }

        @Override
        protected Class<LabelEvent> getTypeClass() {
            return LabelEvent.class;
        }

        @Override
        protected LabelEvent[] getTestData() {
            return labels();
        }
    }

    @Test
    void everyFieldOfAPredictionReadsBack() throws Exception {
        for (PredictionEvent e : predictions()) {
            PredictionEvent read = roundTrip(PredictionWireSerializer.INSTANCE, e);
            assertThat(read).as("%s", e).isEqualTo(e);
            assertThat(read.labelDelayMs).isEqualTo(e.labelDelayMs);
            assertThat(read.countsAsPrediction).isEqualTo(e.countsAsPrediction);
        }
    }

    @Test
    void everyFieldOfALabelReadsBack() throws Exception {
        for (LabelEvent l : labels()) {
            assertThat(sameLabel(roundTrip(LabelWireSerializer.INSTANCE, l), l)).as("%s", l).isTrue();
        }
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static boolean sameLabel(LabelEvent a, LabelEvent b) {
        return a.equals(b) && Objects.equals(a.sourceTopic, b.sourceTopic) && a.kafkaTimestamp == b.kafkaTimestamp
                && Arrays.equals(a.raw, b.raw) && a.labelKind == b.labelKind;
    }

    private static PredictionEvent[] predictions() {
        PredictionEvent binary = new PredictionEvent();
        binary.model = "fraud-detector";
        binary.id = "txn-1";
        binary.task = Task.BINARY;
        binary.timestamp = 1_795_860_000_000L;
        binary.score = 0.83;
        binary.sourceTopic = "predictions";
        binary.sourcePartition = 1;
        binary.sourceOffset = 4_711;
        binary.kafkaTimestamp = 1_795_860_000_123L;

        PredictionEvent multi = binary.copy();
        multi.model = "animals";
        multi.version = "v7";
        multi.segment = "app=ios";
        multi.task = Task.MULTICLASS;
        multi.logits = true;
        multi.scores = new double[] {-1.5, 0.0, 3.25};
        multi.classes = new String[] {"cat", "dog", "bird"};
        multi.weight = 2.5;

        PredictionEvent outcome = multi.copy();
        outcome.labelled = true;
        outcome.label = 2;
        outcome.countsAsPrediction = false;
        outcome.labelDelayMs = 30_000;

        PredictionEvent vectors = new PredictionEvent();
        vectors.model = "face-encoder";
        vectors.task = Task.TRIPLET;
        vectors.vectors = new double[][] {{0.1, -0.4}, {0.2, 0.3}, {-0.7, 0.1}};
        vectors.expired = true;

        return new PredictionEvent[] {binary, multi, outcome, vectors, new PredictionEvent()};
    }

    private static LabelEvent[] labels() {
        LabelEvent number = new LabelEvent();
        number.id = "txn-1";
        number.timestamp = 1_795_860_003_000L;
        number.labelKind = LabelKind.NUMBER;
        number.labelNumber = 1;
        number.sourceTopic = "labels";
        number.sourcePartition = 1;
        number.sourceOffset = 9;
        number.kafkaTimestamp = 1_795_860_003_100L;
        number.raw = "{\"id\":\"txn-1\",\"label\":1}".getBytes(StandardCharsets.UTF_8);

        LabelEvent text = new LabelEvent();
        text.id = "p-7";
        text.labelKind = LabelKind.STRING;
        text.labelText = "cat";

        LabelEvent bool = new LabelEvent();
        bool.id = "p-8";
        bool.labelKind = LabelKind.BOOLEAN;
        bool.labelBoolean = true;

        return new LabelEvent[] {number, text, bool};
    }
}

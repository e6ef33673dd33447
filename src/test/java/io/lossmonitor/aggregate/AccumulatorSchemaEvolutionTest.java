package io.lossmonitor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.Task;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.window.ModelKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Accumulator state written under one release's layout of metric names is read under another's by name: what the
 * later release adds is null in the restored windows, what it dropped is dropped, and the rest is unchanged.
 */
class AccumulatorSchemaEvolutionTest {

    private static final ModelKey BINARY = new ModelKey("m", null, null, Task.BINARY);

    @Test
    void aMetricAddedLaterIsNullInRestoredWindowsAndOneDroppedIsGone() throws IOException {
        LossAccumulator window = LossAccumulatorSerializerTest.binaryWithLabelDelays();
        LossAggregate before = window.summarize(BINARY.task, 0, 60_000, 0);

        // An earlier release: no brier yet, and a metric this one no longer has.
        MomentLayout current = MomentLayout.of(Task.BINARY);
        List<String> earlierLabelled = new ArrayList<>(current.labelledNames());
        earlierLabelled.remove("brier");
        earlierLabelled.add(0, "retired_metric");
        Task[] tasks = Task.values();
        MomentLayout[] layouts = new MomentLayout[tasks.length];
        for (Task task : tasks) {
            layouts[task.ordinal()] = task == Task.BINARY
                    ? MomentLayout.named(earlierLabelled, current.predictionNames()) : MomentLayout.of(task);
        }
        // ...and an accumulator schema of the first version, which kept no parts and wrote its moments as sums.
        LossAccumulatorSerializer earlier = new LossAccumulatorSerializer(tasks, layouts, null, true);
        byte[] state = write(earlier, window);
        TypeSerializerSnapshot<LossAccumulator> earlierSchema = readBack(earlier.snapshotConfiguration());

        TypeSerializerSchemaCompatibility<LossAccumulator> compatibility = LossAccumulatorSerializer.CURRENT
                .snapshotConfiguration().resolveSchemaCompatibility(earlierSchema);
        assertThat(compatibility.isCompatibleAfterMigration()).as("a changed layout is migrated").isTrue();

        LossAccumulator restored = earlierSchema.restoreSerializer().deserialize(new DataInputDeserializer(state));
        LossAggregate after = restored.summarize(BINARY.task, 0, 60_000, 0);
        assertThat(after.value(Metric.BRIER)).as("brier was not kept for these events").isNaN();
        assertThat(after.standardError(Metric.BRIER)).isNaN();
        for (Metric m : new Metric[] {Metric.ERROR_RATE, Metric.ACCURACY, Metric.CROSS_ENTROPY, Metric.FOCAL_LOSS,
                Metric.ENTROPY, Metric.CONFIDENCE, Metric.LABEL_COVERAGE, Metric.LABEL_DELAY_MS_P50}) {
            assertThat(after.value(m)).as(m.jsonName()).isEqualTo(before.value(m));
            assertThat(after.standardError(m)).as(m.jsonName() + " stderr")
                    .isEqualTo(before.standardError(m), within(0.0));
        }
        assertThat(after.count).isEqualTo(before.count);
        assertThat(after.expired).isEqualTo(2);
        assertThat(before.value(Metric.CROSS_ENTROPY_P50)).isNotNaN();
        assertThat(after.value(Metric.CROSS_ENTROPY_P50)).as("no loss quantiles were kept for these events").isNaN();

        restored.merge(LossAccumulatorSerializerTest.binaryWithLabelDelays());
        assertThat(restored.summarize(BINARY.task, 0, 60_000, 0).value(Metric.BRIER))
                .as("a window that mixes events with and without brier does not report a partial mean").isNaN();
    }

    @Test
    void aPartALaterReleaseNoLongerKeepsIsSkippedAndTheRestReads() throws IOException {
        LossAccumulator window = LossAccumulatorSerializerTest.binaryWithLabelDelays();
        LossAggregate before = window.summarize(BINARY.task, 0, 60_000, 0);
        Task[] tasks = Task.values();
        MomentLayout[] layouts = new MomentLayout[tasks.length];
        for (Task task : tasks) {
            layouts[task.ordinal()] = MomentLayout.of(task);
        }
        // A release whose parts were one this release no longer keeps, then the loss quantiles: its record is the
        // moments and counts, then each part as a state byte, a length and the part's bytes.
        DataOutputSerializer record = new DataOutputSerializer(256);
        new LossAccumulatorSerializer(tasks, layouts, new String[0], false).serialize(window, record);
        record.writeByte(1);
        record.writeInt(3);
        record.write(new byte[] {7, 7, 7});
        DataOutputSerializer quantiles = new DataOutputSerializer(256);
        window.parts[Part.LOSS_QUANTILES.ordinal()].write(quantiles);
        record.writeByte(1);
        record.writeInt(quantiles.length());
        record.write(quantiles.getSharedBuffer(), 0, quantiles.length());
        TypeSerializerSnapshot<LossAccumulator> schema = readBack(new LossAccumulatorSerializerSnapshot(tasks, layouts,
                new String[] {"retired_part", Part.LOSS_QUANTILES.stateName()}));

        LossAccumulator restored = schema.restoreSerializer()
                .deserialize(new DataInputDeserializer(record.getCopyOfBuffer()));
        LossAggregate after = restored.summarize(BINARY.task, 0, 60_000, 0);
        assertThat(after.value(Metric.CROSS_ENTROPY_P90)).isEqualTo(before.value(Metric.CROSS_ENTROPY_P90));
        assertThat(after.value(Metric.CROSS_ENTROPY)).isEqualTo(before.value(Metric.CROSS_ENTROPY));
        assertThat(after.value(Metric.ECE)).as("a part that release did not keep").isNaN();
    }

    @Test
    void theSameLayoutIsCompatibleAsItIs() throws IOException {
        TypeSerializerSnapshot<LossAccumulator> written = readBack(LossAccumulatorSerializer.CURRENT.snapshotConfiguration());
        assertThat(LossAccumulatorSerializer.CURRENT.snapshotConfiguration().resolveSchemaCompatibility(written)
                .isCompatibleAsIs()).isTrue();
        assertThat(written.restoreSerializer()).isEqualTo(LossAccumulatorSerializer.CURRENT);
    }

    @Test
    void release01sPojoAccumulatorsAreMigrated() {
        @SuppressWarnings("unchecked")
        TypeSerializer<LossAccumulator> release01 = new PojoSerializer<>(LossAccumulator.class, new TypeSerializer[0],
                new java.lang.reflect.Field[0], new SerializerConfigImpl());
        assertThat(LossAccumulatorSerializer.CURRENT.snapshotConfiguration()
                .resolveSchemaCompatibility(release01.snapshotConfiguration()).isCompatibleAfterMigration()).isTrue();
    }

    private static byte[] write(TypeSerializer<LossAccumulator> serializer, LossAccumulator acc) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(acc, out);
        return out.getCopyOfBuffer();
    }

    /** The snapshot as a checkpoint keeps it: written with its version, read back by class name. */
    private static TypeSerializerSnapshot<LossAccumulator> readBack(TypeSerializerSnapshot<LossAccumulator> snapshot)
            throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                AccumulatorSchemaEvolutionTest.class.getClassLoader());
    }
}

package io.lossmonitor.aggregate;

import io.lossmonitor.event.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The schema of accumulator state, kept with every checkpoint and savepoint: for each task number the data carries,
 * the task's name and the names of its moments' quantities in order, then the names of the parts that follow them
 * (version 3, whose sums are scaled by a power of two; version 2 wrote the same with plain sums, version 1 also
 * without parts). A later release reads state written under an earlier schema into its own by name and scale;
 * release 0.1's accumulators, written as POJOs, are read by Flink's POJO serializer and move to this layout on first
 * use.
 */
public class LossAccumulatorSerializerSnapshot implements TypeSerializerSnapshot<LossAccumulator> {

    private static final int VERSION = 3;
    /** The last version whose moments are plain sums. */
    private static final int SUMS = 2;
    private static final int WITHOUT_PARTS = 1;

    private int version = VERSION;
    private Task[] tasks;
    private MomentLayout[] layouts;
    /** Null for version 1. */
    private String[] parts;

    /** For Flink, which reads the snapshot with {@link #readSnapshot}. */
    public LossAccumulatorSerializerSnapshot() {}

    LossAccumulatorSerializerSnapshot(Task[] tasks, MomentLayout[] layouts, String[] parts) {
        this.tasks = tasks.clone();
        this.layouts = layouts.clone();
        this.parts = parts == null ? null : parts.clone();
    }

    @Override
    public int getCurrentVersion() {
        return parts == null ? WITHOUT_PARTS : VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(tasks.length);
        for (int i = 0; i < tasks.length; i++) {
            out.writeUTF(tasks[i].jsonName());
            writeNames(out, layouts[i].labelledNames());
            writeNames(out, layouts[i].predictionNames());
        }
        if (parts != null) {
            writeNames(out, List.of(parts));
        }
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion < WITHOUT_PARTS || readVersion > VERSION) {
            throw new IOException("accumulator schema version " + readVersion + " is not one this release reads ("
                    + WITHOUT_PARTS + " to " + VERSION + ")");
        }
        version = readVersion;
        int count = in.readInt();
        tasks = new Task[count];
        layouts = new MomentLayout[count];
        for (int i = 0; i < count; i++) {
            tasks[i] = taskNamed(in.readUTF());
            layouts[i] = MomentLayout.named(readNames(in), readNames(in));
        }
        parts = readVersion == WITHOUT_PARTS ? null : readNames(in).toArray(String[]::new);
    }

    @Override
    public TypeSerializer<LossAccumulator> restoreSerializer() {
        return new LossAccumulatorSerializer(tasks, layouts, parts, version <= SUMS);
    }

    @Override
    public TypeSerializerSchemaCompatibility<LossAccumulator> resolveSchemaCompatibility(
            TypeSerializerSnapshot<LossAccumulator> oldSnapshot) {
        if (oldSnapshot instanceof LossAccumulatorSerializerSnapshot old) {
            return old.version == version && Arrays.equals(old.tasks, tasks) && Arrays.equals(old.layouts, layouts)
                    && Arrays.equals(old.parts, parts)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        if (oldSnapshot instanceof PojoSerializerSnapshot) {
            // Release 0.1: its POJO serializer fills the fields by name, the old layout included.
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }

    private static void writeNames(DataOutputView out, List<String> names) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
        }
    }

    private static List<String> readNames(DataInputView in) throws IOException {
        int count = in.readInt();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        return names;
    }

    /** The task of a name, or null for a task this release does not know (its state cannot be read). */
    private static Task taskNamed(String name) {
        for (Task task : Task.values()) {
            if (task.jsonName().equals(name)) {
                return task;
            }
        }
        return null;
    }
}

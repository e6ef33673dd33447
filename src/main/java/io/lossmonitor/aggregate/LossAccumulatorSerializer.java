package io.lossmonitor.aggregate;

import io.lossmonitor.event.Task;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes accumulators with their moments laid out by the {@link MomentLayout} of each task and their
 * {@link Part}s in the order its snapshot records by name: this release's for {@link #CURRENT}; an earlier
 * release's for a serializer restored from that release's snapshot, which reads them into this release's own.
 */
final class LossAccumulatorSerializer extends TypeSerializer<LossAccumulator> {

    private static final long serialVersionUID = 1L;

    /** The serializer of this release's layouts. */
    static final LossAccumulatorSerializer CURRENT = current();

    /** No task: an accumulator that has seen no event. */
    private static final byte NO_TASK = -1;
    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;
    private static final byte UNKNOWN = 2;

    /** The task of each task number the data carries (null for a task this release does not know). */
    private final Task[] tasks;
    /** The layout that task's values are written in. */
    private final MomentLayout[] layouts;
    /** The names of the parts written after the moments, in order; null for the first schema, which had none. */
    private final String[] parts;
    /** Whether the moments are written as plain sums, as releases up to 0.2 wrote them. */
    private final boolean sums;

    LossAccumulatorSerializer(Task[] tasks, MomentLayout[] layouts, String[] parts, boolean sums) {
        this.tasks = tasks.clone();
        this.layouts = layouts.clone();
        this.parts = parts == null ? null : parts.clone();
        this.sums = sums;
    }

    private static LossAccumulatorSerializer current() {
        Task[] tasks = Task.values();
        MomentLayout[] layouts = new MomentLayout[tasks.length];
        for (Task task : tasks) {
            layouts[task.ordinal()] = MomentLayout.of(task);
        }
        String[] parts = new String[Part.values().length];
        for (Part part : Part.values()) {
            parts[part.ordinal()] = part.stateName();
        }
        return new LossAccumulatorSerializer(tasks, layouts, parts, false);
    }

    private int numberOf(Task task) {
        for (int i = 0; i < tasks.length; i++) {
            if (tasks[i] == task) {
                return i;
            }
        }
        throw new IllegalStateException("no layout for task " + task + " in " + this);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<LossAccumulator> duplicate() {
        return this;
    }

    @Override
    public LossAccumulator createInstance() {
        return LossAccumulator.empty();
    }

    @Override
    public LossAccumulator copy(LossAccumulator from) {
        return from.current().deepCopy();
    }

    @Override
    public LossAccumulator copy(LossAccumulator from, LossAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(LossAccumulator read, DataOutputView out) throws IOException {
        LossAccumulator acc = read.current();
        double[] values = acc.values;
        if (acc.task == null || values == null) {
            out.writeByte(NO_TASK);
        } else {
            int number = numberOf(acc.task);
            out.writeByte(number);
            MomentLayout layout = MomentLayout.of(acc.task);
            for (double v : layout.remap(sums ? layout.toSums(values) : values, layouts[number])) {
                out.writeDouble(v);
            }
        }
        out.writeLong(acc.clipped);
        out.writeLong(acc.expired);
        if (acc.labelDelays == null) {
            out.writeInt(-1);
        } else {
            byte[] delays = acc.labelDelays.toBytes();
            out.writeInt(delays.length);
            out.write(delays);
        }
        if (parts != null) {
            writeParts(acc, out);
        }
    }

    /** Each part, length-prefixed, so that a release that no longer keeps it can skip it. */
    private void writeParts(LossAccumulator acc, DataOutputView out) throws IOException {
        for (String name : parts) {
            Part part = Part.named(name);
            if (part == null || (acc.unknownParts & part.bit()) != 0) {
                out.writeByte(UNKNOWN);
            } else if (acc.parts[part.ordinal()] == null) {
                out.writeByte(ABSENT);
            } else {
                DataOutputSerializer bytes = new DataOutputSerializer(256);
                acc.parts[part.ordinal()].write(bytes);
                out.writeByte(PRESENT);
                out.writeInt(bytes.length());
                out.write(bytes.getSharedBuffer(), 0, bytes.length());
            }
        }
    }

    @Override
    public LossAccumulator deserialize(DataInputView in) throws IOException {
        byte number = in.readByte();
        Task task = null;
        double[] values = null;
        if (number != NO_TASK) {
            task = tasks[number];
            if (task == null) {
                throw new IOException("an accumulator of task number " + number + ", which this release does not know");
            }
            MomentLayout written = layouts[number];
            double[] read = new double[written.length()];
            for (int i = 0; i < read.length; i++) {
                read[i] = in.readDouble();
            }
            values = written.remap(read, MomentLayout.of(task));
            if (sums) {
                values = MomentLayout.of(task).fromSums(values);
            }
        }
        long clipped = in.readLong();
        long expired = in.readLong();
        int sketchLength = in.readInt();
        byte[] labelDelays = null;
        if (sketchLength >= 0) {
            labelDelays = new byte[sketchLength];
            in.readFully(labelDelays);
        }
        LossAccumulator acc = new LossAccumulator(task, values, clipped, expired, labelDelays);
        int kept = parts == null ? 0 : readParts(acc, in);
        if (task != null) {
            // Parts the writer did not keep are unknown for the events it had already seen.
            acc.unknownParts |= Part.all() & ~kept;
        }
        return acc;
    }

    /** Reads the written parts into {@code acc}; returns the bits of the parts this release keeps among them. */
    private int readParts(LossAccumulator acc, DataInputView in) throws IOException {
        int kept = 0;
        for (String name : parts) {
            Part part = Part.named(name);
            byte state = in.readByte();
            if (part != null) {
                kept |= part.bit();
            }
            if (state == UNKNOWN && part != null) {
                acc.unknownParts |= part.bit();
            } else if (state == PRESENT) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                if (part != null) {
                    acc.parts[part.ordinal()] = part.read(new DataInputDeserializer(bytes));
                }
            }
        }
        return kept;
    }

    @Override
    public LossAccumulator deserialize(LossAccumulator reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<LossAccumulator> snapshotConfiguration() {
        return new LossAccumulatorSerializerSnapshot(tasks, layouts, parts);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LossAccumulatorSerializer other && sums == other.sums && Arrays.equals(tasks, other.tasks)
                && Arrays.equals(layouts, other.layouts) && Arrays.equals(parts, other.parts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(tasks) + Arrays.hashCode(layouts)) + Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return "LossAccumulatorSerializer" + Arrays.toString(tasks) + Arrays.toString(layouts)
                + Arrays.toString(parts);
    }
}

package io.lossmonitor.window;

import io.lossmonitor.event.Task;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes accumulators with their moments laid out by the {@link MomentLayout} of each task that its snapshot
 * records by metric name: this release's layouts for {@link #CURRENT}; an earlier release's for a serializer restored
 * from that release's snapshot, which reads the earlier layout into this release's one.
 */
final class LossAccumulatorSerializer extends TypeSerializer<LossAccumulator> {

    private static final long serialVersionUID = 1L;

    /** The serializer of this release's layouts. */
    static final LossAccumulatorSerializer CURRENT = current();

    /** No task: an accumulator that has seen no event. */
    private static final byte NO_TASK = -1;

    /** The task of each task number the data carries (null for a task this release does not know). */
    private final Task[] tasks;
    /** The layout that task's values are written in. */
    private final MomentLayout[] layouts;

    LossAccumulatorSerializer(Task[] tasks, MomentLayout[] layouts) {
        this.tasks = tasks.clone();
        this.layouts = layouts.clone();
    }

    private static LossAccumulatorSerializer current() {
        Task[] tasks = Task.values();
        MomentLayout[] layouts = new MomentLayout[tasks.length];
        for (Task task : tasks) {
            layouts[task.ordinal()] = MomentLayout.of(task);
        }
        return new LossAccumulatorSerializer(tasks, layouts);
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
        return from.deepCopy();
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
    public void serialize(LossAccumulator acc, DataOutputView out) throws IOException {
        acc.upgradeLayout();
        if (acc.task == null || acc.values == null) {
            out.writeByte(NO_TASK);
        } else {
            int number = numberOf(acc.task);
            out.writeByte(number);
            for (double v : MomentLayout.of(acc.task).remap(acc.values, layouts[number])) {
                out.writeDouble(v);
            }
        }
        out.writeLong(acc.clipped);
        out.writeLong(acc.expired);
        if (acc.labelDelays == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(acc.labelDelays.length);
            out.write(acc.labelDelays);
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
        }
        long clipped = in.readLong();
        long expired = in.readLong();
        int sketchLength = in.readInt();
        byte[] labelDelays = null;
        if (sketchLength >= 0) {
            labelDelays = new byte[sketchLength];
            in.readFully(labelDelays);
        }
        return new LossAccumulator(task, values, clipped, expired, labelDelays);
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
        return new LossAccumulatorSerializerSnapshot(tasks, layouts);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof LossAccumulatorSerializer other && Arrays.equals(tasks, other.tasks)
                && Arrays.equals(layouts, other.layouts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tasks) + Arrays.hashCode(layouts);
    }

    @Override
    public String toString() {
        return "LossAccumulatorSerializer" + Arrays.toString(tasks) + Arrays.toString(layouts);
    }
}

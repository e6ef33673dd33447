package io.lossmonitor.window;

import io.lossmonitor.aggregate.MomentLayout;
import io.lossmonitor.event.Task;
import io.lossmonitor.savepoint.FrozenFormat;
import java.util.List;

/**
 * A window's accumulator as release 0.1 wrote it to its savepoints, as a Flink POJO of the name it had then: its
 * moments in 0.1's layout, as sums, without names, and none of the parts. It is only ever read from a 0.1 savepoint, and
 * {@link #current()} gives the accumulator of this release, with every part unknown for the window.
 */
@FrozenFormat(release = "0.1")
public class LossAccumulator extends io.lossmonitor.aggregate.LossAccumulator {

    public Task task;
    /** Four loss slots and two signal slots per task, as 0.1 laid them out. */
    public double[] moments;
    public long clipped;
    public long expired;
    public byte[] labelDelays;

    public LossAccumulator() {}

    @Override
    public io.lossmonitor.aggregate.LossAccumulator current() {
        io.lossmonitor.aggregate.LossAccumulator current = new Converted(task,
                moments == null || task == null ? null
                        : MomentLayout.of(task).fromSums(layout(task).remap(moments, MomentLayout.of(task))),
                clipped, expired, labelDelays);
        return current;
    }

    @Override
    public io.lossmonitor.aggregate.LossAccumulator merge(io.lossmonitor.aggregate.LossAccumulator other) {
        return current().merge(other);
    }

    /** Release 0.1's layout: four loss slots and two signal slots; a regressor's second signal slot was always 0. */
    private static MomentLayout layout(Task task) {
        return task.isClassification()
                ? MomentLayout.named(List.of("error_rate", "cross_entropy", "focal_loss", "brier"),
                        List.of("entropy", "confidence"))
                : MomentLayout.named(List.of("mse", "mae", "huber", "mean_error"), List.of("prediction_mean", ""));
    }

    /** This release's accumulator of a 0.1 window: the moments it had, every part unknown. */
    private static final class Converted extends io.lossmonitor.aggregate.LossAccumulator {
        Converted(Task task, double[] values, long clipped, long expired, byte[] labelDelays) {
            super(task, values, clipped, expired, labelDelays);
            if (task != null) {
                forgetParts();
            }
        }
    }
}

package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.savepoint.FrozenFormat;

/**
 * A model signature as release 0.2 kept it, the union of every subtask's in operator state
 * ({@code model-signatures}), referred to by 64-bit fingerprint from waiting predictions (a Flink POJO of the name it
 * had then): read only when a 0.2 savepoint is restored, where {@link LabelJoinStateOf02} moves each into the table
 * of the key group whose predictions refer to it.
 */
@FrozenFormat(release = "0.2")
public class ModelSignature {

    public long fingerprint;
    public String model;
    public String version;
    public String segment;
    public Task task;
    public String[] classes;
    public long lastUsed = Long.MIN_VALUE;

    public ModelSignature() {}

    /** Sets the fields of {@code e} this signature holds. */
    void applyTo(PredictionEvent e) {
        e.model = model;
        e.version = version;
        e.segment = segment;
        e.task = task;
        e.classes = classes;
    }
}

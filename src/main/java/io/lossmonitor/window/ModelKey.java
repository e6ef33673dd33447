package io.lossmonitor.window;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.util.Objects;

/** What losses are aggregated per: model, version, segment, and the task the events declare (a Flink POJO). */
public class ModelKey {

    public String model;
    public String version;
    public String segment;
    public Task task;

    public ModelKey() {}

    public ModelKey(String model, String version, String segment, Task task) {
        this.model = model;
        this.version = version;
        this.segment = segment;
        this.task = task;
    }

    public static ModelKey of(PredictionEvent event) {
        return new ModelKey(event.model, event.version, event.segment, event.task);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelKey k)) {
            return false;
        }
        return Objects.equals(model, k.model) && Objects.equals(version, k.version)
                && Objects.equals(segment, k.segment) && task == k.task;
    }

    /** Deterministic across JVMs (an enum's own hash code is not), as Flink's key groups require. */
    @Override
    public int hashCode() {
        return 31 * Objects.hash(model, version, segment) + (task == null ? -1 : task.ordinal());
    }

    @Override
    public String toString() {
        return model + "/" + version + "/" + segment + "/" + (task == null ? null : task.jsonName());
    }
}

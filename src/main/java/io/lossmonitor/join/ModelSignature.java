package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the predictions of one model have in common — model, version, segment, task and class names — kept once per
 * subtask and referred to by every waiting prediction of the model, with the latest event time of those predictions
 * (a Flink POJO, in the join's operator state).
 */
public class ModelSignature {

    /** The reference a waiting prediction keeps: a hash of the rest, the same in every subtask. */
    public long fingerprint;
    public String model;
    public String version;
    public String segment;
    public Task task;
    /** Class names of a multi-class model's scores; null when they are unnamed or the task has none. */
    public String[] classes;
    /** The latest event time of a prediction that refers to this signature. */
    public long lastUsed = Long.MIN_VALUE;

    public ModelSignature() {}

    static ModelSignature of(PredictionEvent e, long fingerprint) {
        ModelSignature s = new ModelSignature();
        s.fingerprint = fingerprint;
        s.model = e.model;
        s.version = e.version;
        s.segment = e.segment;
        s.task = e.task;
        s.classes = e.classes;
        return s;
    }

    boolean describes(PredictionEvent e) {
        return task == e.task && Objects.equals(model, e.model) && Objects.equals(version, e.version)
                && Objects.equals(segment, e.segment) && Arrays.equals(classes, e.classes);
    }

    /** Sets the fields of {@code e} this signature holds. */
    void applyTo(PredictionEvent e) {
        e.model = model;
        e.version = version;
        e.segment = segment;
        e.task = task;
        e.classes = classes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSignature s && fingerprint == s.fingerprint && task == s.task && lastUsed == s.lastUsed
                && Objects.equals(model, s.model) && Objects.equals(version, s.version)
                && Objects.equals(segment, s.segment) && Arrays.equals(classes, s.classes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return model + "/" + version + "/" + segment + "/" + task + (classes == null ? "" : Arrays.toString(classes));
    }
}

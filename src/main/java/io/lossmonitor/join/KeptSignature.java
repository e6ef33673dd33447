package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the predictions of one model have in common — model, version, segment, task and class names — as one key
 * group of the join keeps it for the waiting predictions and joined labels of its ids that refer to it, with the
 * times until which they can (a Flink POJO, in the join's keyed state).
 */
public class KeptSignature {

    /** A hash of the names, unique among the signatures of the key group. */
    public long fingerprint;
    public String model;
    public String version;
    public String segment;
    public Task task;
    /** Class names of a multi-class model's scores; null when they are unnamed or the task has none. */
    public String[] classes;
    /** The latest time a timer of a waiting prediction that refers to this signature is set for. */
    public long waitingUntil = Long.MIN_VALUE;
    /** The latest event time of a joined label that names this signature; {@code Long.MIN_VALUE} when none. */
    public long joinedAt = Long.MIN_VALUE;
    /** Where its key group's table keeps it; the key of its entry in state, not a field of it. */
    transient int index;

    public KeptSignature() {}

    static KeptSignature of(PredictionEvent e, long fingerprint) {
        KeptSignature s = new KeptSignature();
        s.fingerprint = fingerprint;
        s.model = e.model;
        s.version = e.version;
        s.segment = e.segment;
        s.task = e.task;
        s.classes = e.classes;
        return s;
    }

    /** Whether {@code e} has exactly these names, task and classes. */
    boolean describes(PredictionEvent e) {
        return task == e.task && sameUnit(e) && Arrays.equals(classes, e.classes);
    }

    /** Whether {@code e} is of the same (model, version, segment), the unit the join labels once per id. */
    boolean sameUnit(PredictionEvent e) {
        return Objects.equals(model, e.model) && Objects.equals(version, e.version)
                && Objects.equals(segment, e.segment);
    }

    /** Sets the fields of {@code e} this signature holds. */
    void applyTo(PredictionEvent e) {
        e.model = model;
        e.version = version;
        e.segment = segment;
        e.task = task;
        e.classes = classes;
    }

    /** Whether nothing can refer to this signature any more once event time has reached {@code watermark}. */
    boolean unusedAt(long watermark, long ttlMillis) {
        return waitingUntil <= watermark && !JoinedLabel.keptAt(joinedAt, watermark, ttlMillis);
    }

    KeptSignature copy() {
        KeptSignature c = new KeptSignature();
        c.fingerprint = fingerprint;
        c.model = model;
        c.version = version;
        c.segment = segment;
        c.task = task;
        c.classes = classes;
        c.waitingUntil = waitingUntil;
        c.joinedAt = joinedAt;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeptSignature s && fingerprint == s.fingerprint && task == s.task
                && waitingUntil == s.waitingUntil && joinedAt == s.joinedAt && Objects.equals(model, s.model)
                && Objects.equals(version, s.version) && Objects.equals(segment, s.segment)
                && Arrays.equals(classes, s.classes);
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

package io.lossmonitor.testing;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;

/** Parsed prediction events for operator-level tests. */
public final class Predictions {

    private Predictions() {}

    /** A labelled regression event. */
    public static PredictionEvent regression(String model, double prediction, double label, long ts) {
        PredictionEvent e = new PredictionEvent();
        e.model = model;
        e.task = Task.REGRESSION;
        e.score = prediction;
        e.label = label;
        e.labelled = true;
        e.timestamp = ts;
        return e;
    }

    /** A binary classifier's event of probability {@code p}, with its label or (not {@code labelled}) without. */
    public static PredictionEvent binary(String model, double p, int label, boolean labelled, long ts) {
        PredictionEvent e = new PredictionEvent();
        e.model = model;
        e.task = Task.BINARY;
        e.score = p;
        e.label = label;
        e.labelled = labelled;
        e.timestamp = ts;
        return e;
    }
}

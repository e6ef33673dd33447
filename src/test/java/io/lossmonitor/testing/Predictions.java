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
}

package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import java.util.List;

/**
 * What waits under an id: the predictions of one or more (model, version, segment) for their label, or else a
 * label for its predictions. Immutable: a change is a new value, written back to state.
 */
final class PendingJoin {

    /** The waiting predictions, at most one per (model, version, segment); empty when a label waits. */
    final List<WaitingPrediction> predictions;
    /** The waiting label; null when predictions wait. */
    final LabelEvent label;

    private PendingJoin(List<WaitingPrediction> predictions, LabelEvent label) {
        this.predictions = predictions;
        this.label = label;
    }

    static PendingJoin predictions(List<WaitingPrediction> predictions) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("no waiting prediction");
        }
        return new PendingJoin(List.copyOf(predictions), null);
    }

    static PendingJoin label(LabelEvent label) {
        return new PendingJoin(List.of(), label);
    }

    boolean isLabel() {
        return label != null;
    }
}

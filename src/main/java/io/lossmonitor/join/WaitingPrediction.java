package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import java.util.Arrays;

/**
 * A prediction waiting for its label, reduced to what its losses need: its model's signature by reference, its
 * event time, weight and scores; the id is the join's key.
 */
final class WaitingPrediction {

    final long signature;
    final long timestamp;
    final double weight;
    final boolean logits;
    /** Regression prediction, binary probability or binary logit; 0 for a multi-class prediction. */
    final double score;
    /** Multi-class probabilities or logits; null for the other tasks. */
    final double[] scores;

    WaitingPrediction(long signature, long timestamp, double weight, boolean logits, double score, double[] scores) {
        this.signature = signature;
        this.timestamp = timestamp;
        this.weight = weight;
        this.logits = logits;
        this.score = score;
        this.scores = scores;
    }

    static WaitingPrediction of(PredictionEvent e, long signature) {
        return new WaitingPrediction(signature, e.timestamp, e.weight, e.logits, e.score, e.scores);
    }

    /** The prediction as an event again, with its signature's fields and the id it waits under. */
    PredictionEvent toEvent(ModelSignature s, String id) {
        PredictionEvent e = new PredictionEvent();
        s.applyTo(e);
        e.id = id;
        e.timestamp = timestamp;
        e.weight = weight;
        e.logits = logits;
        e.score = score;
        e.scores = scores;
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitingPrediction w && signature == w.signature && timestamp == w.timestamp
                && Double.compare(weight, w.weight) == 0 && logits == w.logits && Double.compare(score, w.score) == 0
                && Arrays.equals(scores, w.scores);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(signature) * 31 + Long.hashCode(timestamp);
    }
}

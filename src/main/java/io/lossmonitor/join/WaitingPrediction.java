package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import java.util.Arrays;

/**
 * A prediction waiting for its label, reduced to what its losses need: its model's signature by index in its key
 * group's table, its event time, weight and scores, or a ranked list's first k items by fingerprint and its length;
 * the id is the join's key. A prediction restored from a release
 * that referred to signatures by fingerprint keeps that reference until it is moved.
 */
final class WaitingPrediction {

    /** The signature index of a prediction that still refers to its signature by a release-0.2 fingerprint. */
    static final int LEGACY = -1;

    /** Index of the signature in the key group's table; {@link #LEGACY} while {@link #legacySignature} refers. */
    final int signature;
    /** Release 0.2's reference, a fingerprint of the signature; 0 when {@link #signature} is an index. */
    final long legacySignature;
    final long timestamp;
    final double weight;
    final boolean logits;
    /** Regression prediction, binary probability or binary logit; 0 for a multi-class prediction. */
    final double score;
    /** Multi-class probabilities or logits; null for the other tasks. */
    final double[] scores;
    /** A ranked list's first min(k, n) items by fingerprint; null for the other tasks. */
    final long[] items;
    /** A ranked list's length as served; 0 for the other tasks. */
    final int listLength;

    WaitingPrediction(int signature, long legacySignature, long timestamp, double weight, boolean logits,
                      double score, double[] scores) {
        this(signature, legacySignature, timestamp, weight, logits, score, scores, null, 0);
    }

    WaitingPrediction(int signature, long legacySignature, long timestamp, double weight, boolean logits,
                      double score, double[] scores, long[] items, int listLength) {
        this.signature = signature;
        this.legacySignature = legacySignature;
        this.timestamp = timestamp;
        this.weight = weight;
        this.logits = logits;
        this.score = score;
        this.scores = scores;
        this.items = items;
        this.listLength = listLength;
    }

    static WaitingPrediction of(PredictionEvent e, int signature) {
        return new WaitingPrediction(signature, 0, e.timestamp, e.weight, e.logits, e.score, e.scores, e.items,
                e.listLength);
    }

    boolean isLegacy() {
        return signature == LEGACY;
    }

    /** The same prediction, referring to its signature by {@code index}. */
    WaitingPrediction withSignature(int index) {
        return new WaitingPrediction(index, 0, timestamp, weight, logits, score, scores, items, listLength);
    }

    /** The prediction as an event again, with its signature's fields and the id it waits under. */
    PredictionEvent toEvent(KeptSignature s, String id) {
        PredictionEvent e = new PredictionEvent();
        s.applyTo(e);
        e.id = id;
        e.timestamp = timestamp;
        e.weight = weight;
        e.logits = logits;
        e.score = score;
        e.scores = scores;
        e.items = items;
        e.listLength = listLength;
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitingPrediction w && signature == w.signature && legacySignature == w.legacySignature
                && timestamp == w.timestamp && Double.compare(weight, w.weight) == 0 && logits == w.logits
                && Double.compare(score, w.score) == 0 && Arrays.equals(scores, w.scores)
                && Arrays.equals(items, w.items) && listLength == w.listLength;
    }

    @Override
    public int hashCode() {
        return signature * 31 + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "WaitingPrediction{" + (isLegacy() ? "legacy " + Long.toHexString(legacySignature) : signature)
                + " @" + timestamp + "}";
    }
}

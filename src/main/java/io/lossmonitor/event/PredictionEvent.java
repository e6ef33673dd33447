package io.lossmonitor.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One validated prediction (with its label when known), as a Flink POJO.
 *
 * <p>Binary scores are P(class 1) or a logit; multi-class scores are a distribution renormalised to sum to 1,
 * or logits. Labels are the regression target, or the class index (0/1 for binary).
 */
public class PredictionEvent {

    public String model;
    public String version;
    public String segment;
    public String id;
    /** Event time, epoch milliseconds. */
    public long timestamp;
    public double weight = 1.0;
    public Task task;
    /** Whether {@link #score} or {@link #scores} hold logits rather than probabilities. */
    public boolean logits;
    /** Regression prediction, binary probability or binary logit. */
    public double score;
    /**
     * Multi-class probabilities or logits; a triplet's distances d(a, p) and d(a, n); null for the other tasks. A
     * pair's {@link #score} is cos(x1, x2).
     */
    public double[] scores;
    /**
     * An embedding event's vectors as read (a triplet's anchor, positive and negative, a pair's x1 and x2); the
     * source reduces them to {@link #score} or {@link #scores} and drops them, so they never reach state.
     */
    public double[][] vectors;
    /** Class names for the positions of {@link #scores}; null when the classes are unnamed. */
    public String[] classes;
    /**
     * A ranked list's first min(k, n) items as served, by their fingerprints ({@link ItemFingerprint}); null for
     * the other tasks.
     */
    public long[] items;
    /** A ranked list's length n as served; 0 for the other tasks. */
    public int listLength;
    /** A ranked list's relevance label: the fingerprints of its items of gain above 0; null when not labelled. */
    public long[] relevantItems;
    /** The gains of {@link #relevantItems}; null when each is 1. */
    public double[] gains;
    public boolean labelled;
    /** Regression target, class index, or a pair's 1 or −1; meaningful only when {@link #labelled}. */
    public double label;

    /**
     * Whether this record counts as a prediction in its window's label-free signals. A label joined later comes
     * back as an outcome record with this false: the prediction itself was already counted when it arrived.
     */
    public boolean countsAsPrediction = true;
    /** A marker that the prediction's label never arrived within the label TTL; it carries no losses. */
    public boolean expired;
    /** For a joined outcome, label time minus prediction time; negative when not a joined outcome. */
    public long labelDelayMs = -1;

    /** Where the record came from, so that it can still be dead-lettered after parsing (e.g. when late). */
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public long kafkaTimestamp;

    public PredictionEvent() {}

    /** A shallow copy (the score arrays are shared: events are never changed once emitted). */
    public PredictionEvent copy() {
        PredictionEvent c = new PredictionEvent();
        c.model = model;
        c.version = version;
        c.segment = segment;
        c.id = id;
        c.timestamp = timestamp;
        c.weight = weight;
        c.task = task;
        c.logits = logits;
        c.score = score;
        c.scores = scores;
        c.vectors = vectors;
        c.classes = classes;
        c.items = items;
        c.listLength = listLength;
        c.relevantItems = relevantItems;
        c.gains = gains;
        c.labelled = labelled;
        c.label = label;
        c.countsAsPrediction = countsAsPrediction;
        c.expired = expired;
        c.labelDelayMs = labelDelayMs;
        c.sourceTopic = sourceTopic;
        c.sourcePartition = sourcePartition;
        c.sourceOffset = sourceOffset;
        c.kafkaTimestamp = kafkaTimestamp;
        return c;
    }

    public int labelClass() {
        return (int) label;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PredictionEvent e)) {
            return false;
        }
        return timestamp == e.timestamp && Double.compare(weight, e.weight) == 0 && logits == e.logits
                && Double.compare(score, e.score) == 0 && labelled == e.labelled
                && Double.compare(label, e.label) == 0 && countsAsPrediction == e.countsAsPrediction
                && expired == e.expired && labelDelayMs == e.labelDelayMs && sourcePartition == e.sourcePartition
                && sourceOffset == e.sourceOffset && kafkaTimestamp == e.kafkaTimestamp
                && Objects.equals(model, e.model) && Objects.equals(version, e.version)
                && Objects.equals(segment, e.segment) && Objects.equals(id, e.id) && task == e.task
                && Arrays.equals(scores, e.scores) && Arrays.deepEquals(vectors, e.vectors)
                && Arrays.equals(classes, e.classes) && Arrays.equals(items, e.items) && listLength == e.listLength
                && Arrays.equals(relevantItems, e.relevantItems) && Arrays.equals(gains, e.gains)
                && Objects.equals(sourceTopic, e.sourceTopic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, version, segment, id, timestamp, sourcePartition, sourceOffset);
    }

    @Override
    public String toString() {
        return "PredictionEvent{model=" + model + ", version=" + version + ", segment=" + segment + ", task=" + task
                + ", ts=" + timestamp + ", weight=" + weight + ", logits=" + logits + ", score=" + score
                + ", scores=" + Arrays.toString(scores) + ", classes=" + Arrays.toString(classes)
                + (items == null ? "" : ", items=" + Arrays.toString(items) + " of " + listLength)
                + ", labelled=" + labelled + ", label=" + label
                + (relevantItems == null ? "" : ", relevant=" + Arrays.toString(relevantItems)
                + (gains == null ? "" : " gains " + Arrays.toString(gains))) + "}";
    }
}

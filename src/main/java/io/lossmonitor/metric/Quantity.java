package io.lossmonitor.metric;

/**
 * A per-event value whose weighted moments a window keeps under its name: a mean metric's own value, or a component
 * other metrics are summarised from (the true positives of precision and recall, the target of R²).
 *
 * @param name the name the window's state keeps it under; never reused for another value
 * @param text what it is, for people
 * @param over the events it is computed over
 */
public record Quantity(String name, String text, Metric.Over over, Metric.PerEvent value) {

    /** 1 for a true positive of a binary classifier (label 1, predicted 1), else 0. */
    static final Quantity TRUE_POSITIVE = new Quantity("true_positive", "TP", Metric.Over.LABELLED_EVENTS,
            (e, p) -> e.label() == 1 && e.predictedClass() == 1 ? 1.0 : 0.0);
    /** 1 when a binary classifier predicts class 1, else 0. */
    static final Quantity PREDICTED_POSITIVE = new Quantity("predicted_positive", "predicted 1",
            Metric.Over.LABELLED_EVENTS,
            (e, p) -> e.predictedClass() == 1 ? 1.0 : 0.0);
    /** 1 when the label of a binary event is 1, else 0. */
    static final Quantity ACTUAL_POSITIVE = new Quantity("actual_positive", "label 1", Metric.Over.LABELLED_EVENTS,
            (e, p) -> e.label() == 1 ? 1.0 : 0.0);
    /** A pair's cosine when it is labelled similar (1), else 0. */
    static final Quantity SIMILAR_COSINE = new Quantity("similar_cosine", "cos·[label = 1]",
            Metric.Over.LABELLED_EVENTS, (e, p) -> e.pairLabel() > 0 ? e.cosine() : 0.0);
    /** 1 when a pair is labelled similar, else 0. */
    static final Quantity SIMILAR = new Quantity("similar", "[label = 1]", Metric.Over.LABELLED_EVENTS,
            (e, p) -> e.pairLabel() > 0 ? 1.0 : 0.0);
    /** A pair's cosine when it is labelled dissimilar (−1), else 0. */
    static final Quantity DISSIMILAR_COSINE = new Quantity("dissimilar_cosine", "cos·[label = −1]",
            Metric.Over.LABELLED_EVENTS, (e, p) -> e.pairLabel() < 0 ? e.cosine() : 0.0);
    /** 1 when a pair is labelled dissimilar, else 0. */
    static final Quantity DISSIMILAR = new Quantity("dissimilar", "[label = −1]", Metric.Over.LABELLED_EVENTS,
            (e, p) -> e.pairLabel() < 0 ? 1.0 : 0.0);
    /** A regressor's target y, whose spread is R²'s denominator. */
    static final Quantity TARGET = new Quantity("target", "y", Metric.Over.LABELLED_EVENTS, (e, p) -> e.target());
}

package io.lossmonitor.event;

/** What a model predicts, decided by which prediction field an event carries. */
public enum Task {
    /** {@code prediction}: a number. */
    REGRESSION("regression"),
    /** {@code probability} or a single logit: P(class 1). */
    BINARY("binary"),
    /** {@code probabilities} or {@code logits} as an array or object: a distribution over classes. */
    MULTICLASS("multiclass"),
    /**
     * {@code anchor}, {@code positive} and {@code negative} vectors, or {@code distance_positive} and
     * {@code distance_negative}: one triplet of an encoder, which carries its own supervision.
     */
    TRIPLET("triplet"),
    /** {@code x1} and {@code x2} vectors, with a label of 1 (similar) or −1 (dissimilar): one pair of an encoder. */
    PAIR("pair"),
    /**
     * {@code items}, a list served best first (with optional {@code scores}), judged by {@code relevant} items or
     * graded {@code gains}: one query of a search or recommendation model.
     */
    RANKING("ranking");

    private final String jsonName;

    Task(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in output records. */
    public String jsonName() {
        return jsonName;
    }

    public boolean isClassification() {
        return this == BINARY || this == MULTICLASS;
    }

    /** Whether the task is an encoder's: its events are reduced to distances or a cosine before they are scored. */
    public boolean isEmbedding() {
        return this == TRIPLET || this == PAIR;
    }
}

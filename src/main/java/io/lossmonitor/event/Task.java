package io.lossmonitor.event;

/** What a model predicts, decided by which prediction field an event carries. */
public enum Task {
    /** {@code prediction}: a number. */
    REGRESSION("regression"),
    /** {@code probability} or a single logit: P(class 1). */
    BINARY("binary"),
    /** {@code probabilities} or {@code logits} as an array or object: a distribution over classes. */
    MULTICLASS("multiclass");

    private final String jsonName;

    Task(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in output records. */
    public String jsonName() {
        return jsonName;
    }

    public boolean isClassification() {
        return this != REGRESSION;
    }
}

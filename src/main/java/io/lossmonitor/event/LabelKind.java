package io.lossmonitor.event;

/** How a label was written in JSON, before it is resolved against its prediction's task. */
public enum LabelKind {
    ABSENT,
    NUMBER,
    STRING,
    BOOLEAN,
    /** A ranked list's relevance: {@code relevant} items, or {@code gains} by item. */
    RELEVANCE
}

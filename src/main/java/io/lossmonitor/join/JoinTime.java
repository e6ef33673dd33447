package io.lossmonitor.join;

/** Which event time a prediction joined with a later label takes, and so which window its losses count in. */
public enum JoinTime {
    /** When the outcome became known: the window is final when it closes, no lateness needed. */
    LABEL,
    /** When the prediction was made: losses describe the model at that time, but need allowed lateness of at
     *  least the label delay, and arrive as late revisions of the window. */
    PREDICTION
}

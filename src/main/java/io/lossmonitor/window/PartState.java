package io.lossmonitor.window;

/** The state a {@link Part} keeps in an accumulator: mergeable, and copied without sharing anything. */
interface PartState<S extends PartState<S>> {

    /** A copy that shares nothing with this one; reading this one for it never changes it. */
    S copy();

    /** Adds another window's (or pane's) state of the same part to this one. */
    void merge(S other);
}

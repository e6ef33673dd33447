package io.lossmonitor.sketch;

import java.io.IOException;
import org.apache.flink.core.memory.DataOutputView;

/** The state a window part keeps in an accumulator: mergeable, copied without sharing anything, and written. */
public interface PartState<S extends PartState<S>> {

    /** A copy that shares nothing with this one; reading this one for it never changes it. */
    S copy();

    /** Adds another window's (or pane's) state of the same part to this one. */
    void merge(S other);

    /** Whether another state holds exactly what this one does. */
    boolean sameAs(S other);

    /** Writes the state, as its part's reader reads it; never changes it. */
    void write(DataOutputView out) throws IOException;
}

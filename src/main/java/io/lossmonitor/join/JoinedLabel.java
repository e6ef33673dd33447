package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.WrittenLabel;

/**
 * The label of an id after it has joined, with its event time (epoch milliseconds), kept until the label TTL has
 * passed after that time: to label a later prediction of another model with the id, and to recognise a second label
 * as a duplicate.
 */
record JoinedLabel(WrittenLabel label, long timestamp) {

    static JoinedLabel of(LabelEvent l) {
        return new JoinedLabel(l.written(), l.timestamp);
    }

    /** Whether the id is still remembered once event time has reached {@code watermark}. */
    boolean keptAt(long watermark, long ttlMillis) {
        return timestamp + ttlMillis > watermark;
    }
}

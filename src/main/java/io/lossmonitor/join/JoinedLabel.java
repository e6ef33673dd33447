package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.WrittenLabel;
import java.util.Arrays;

/**
 * The label of an id after it has joined, with its event time (epoch milliseconds) and the signatures (indices in
 * the key group's table) of the predictions it labelled, kept until the label TTL has passed after that time: to
 * label a later prediction of another (model, version, segment) with the id, and to recognise a second label, or a
 * second prediction of a labelled one, as a duplicate. A label restored from a release that did not keep its
 * predictions' signatures has none.
 */
record JoinedLabel(WrittenLabel label, long timestamp, int[] signatures) {

    private static final int[] NONE = new int[0];

    static JoinedLabel of(LabelEvent l, int[] signatures) {
        return new JoinedLabel(l.written(), l.timestamp, signatures);
    }

    /** A label restored from a release that kept no signatures with it. */
    static JoinedLabel withoutSignatures(WrittenLabel label, long timestamp) {
        return new JoinedLabel(label, timestamp, NONE);
    }

    /** The same label, having labelled the prediction of signature {@code index} too. */
    JoinedLabel with(int index) {
        int[] more = Arrays.copyOf(signatures, signatures.length + 1);
        more[signatures.length] = index;
        return new JoinedLabel(label, timestamp, more);
    }

    /** Whether the id is still remembered once event time has reached {@code watermark}. */
    boolean keptAt(long watermark, long ttlMillis) {
        return keptAt(timestamp, watermark, ttlMillis);
    }

    /** Whether a joined label of event time {@code time} is still remembered at {@code watermark}. */
    static boolean keptAt(long time, long watermark, long ttlMillis) {
        return time != Long.MIN_VALUE && JoinExpiry.of(time, ttlMillis) > watermark;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinedLabel j && timestamp == j.timestamp && label.equals(j.label)
                && Arrays.equals(signatures, j.signatures);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + label.hashCode();
    }

    @Override
    public String toString() {
        return "JoinedLabel{" + label + " @" + timestamp + " signatures " + Arrays.toString(signatures) + "}";
    }
}

package io.lossmonitor.estimate;

import java.util.Arrays;

/**
 * A key's estimation reference (a Flink POJO): the labelled outcomes of its windows since {@link #keptFrom}, in
 * total, and the starts of the buckets of windows they are kept in as well, so that a bucket that leaves the
 * reference is taken out of the total without reading the others.
 */
public class CalibrationReference {

    public ReferenceOutcomes total = new ReferenceOutcomes();
    /** The starts of the buckets that hold outcomes, ascending. */
    public long[] bucketStarts = new long[0];
    /** Event time before which no window counts any more. */
    public long keptFrom = Long.MIN_VALUE;

    public CalibrationReference() {}

    /** Where the reference keeps the outcomes of each bucket of windows. */
    public interface Buckets {
        /** A bucket's outcomes; null when gone (its state expired). */
        ReferenceOutcomes get(long start) throws Exception;

        void put(long start, ReferenceOutcomes outcomes) throws Exception;

        void remove(long start) throws Exception;
    }

    /**
     * Takes the buckets that start before {@code from} out of the reference. A bucket found gone (expired by the
     * key's state TTL) cannot be taken out of the total, so the reference starts afresh.
     */
    public void keepFrom(long from, Buckets buckets) throws Exception {
        int leaving = 0;
        while (leaving < bucketStarts.length && bucketStarts[leaving] < from) {
            ReferenceOutcomes bucket = buckets.get(bucketStarts[leaving]);
            if (bucket == null) {
                startAfresh(buckets);
                keptFrom = Math.max(keptFrom, from);
                return;
            }
            total = total.plus(bucket, -1);
            buckets.remove(bucketStarts[leaving]);
            leaving++;
        }
        bucketStarts = Arrays.copyOfRange(bucketStarts, leaving, bucketStarts.length);
        keptFrom = Math.max(keptFrom, from);
    }

    /** Forgets every outcome. */
    private void startAfresh(Buckets buckets) throws Exception {
        total = new ReferenceOutcomes();
        for (long start : bucketStarts) {
            buckets.remove(start);
        }
        bucketStarts = new long[0];
    }

    /** Adds outcomes (or, with {@code sign} −1, takes them back) to the bucket that starts at {@code start}. */
    public void add(long start, ReferenceOutcomes outcomes, int sign, Buckets buckets) throws Exception {
        if (start < keptFrom || outcomes.cells.length == 0) {
            return;
        }
        int at = Arrays.binarySearch(bucketStarts, start);
        ReferenceOutcomes bucket;
        if (at >= 0) {
            bucket = buckets.get(start);
            if (bucket == null) {
                // Expired with the key's state while the total was kept: start afresh with this window.
                startAfresh(buckets);
                bucket = new ReferenceOutcomes();
                at = -1;
            }
        } else {
            bucket = new ReferenceOutcomes();
        }
        if (at < 0) {
            int insert = -Arrays.binarySearch(bucketStarts, start) - 1;
            long[] starts = new long[bucketStarts.length + 1];
            System.arraycopy(bucketStarts, 0, starts, 0, insert);
            starts[insert] = start;
            System.arraycopy(bucketStarts, insert, starts, insert + 1, bucketStarts.length - insert);
            bucketStarts = starts;
        }
        buckets.put(start, bucket.plus(outcomes, sign));
        total = total.plus(outcomes, sign);
    }
}

package io.lossmonitor.join;

/** When something that waits in the join from event time {@code t} expires: {@code t} plus the label TTL. */
final class JoinExpiry {

    private JoinExpiry() {}

    /** {@code time + ttlMillis}, held at the largest time instead of overflowing. */
    static long of(long time, long ttlMillis) {
        return time > Long.MAX_VALUE - ttlMillis ? Long.MAX_VALUE : time + ttlMillis;
    }
}

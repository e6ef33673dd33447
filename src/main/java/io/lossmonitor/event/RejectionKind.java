package io.lossmonitor.event;

/** Why a record could not be used, in classes coarse enough to count as metrics. */
public enum RejectionKind {
    /** Not a JSON object: empty, tombstone, truncated, invalid UTF-8, too deeply nested. */
    MALFORMED("malformed"),
    /** A JSON object that breaks the event schema: missing, mistyped, conflicting or out-of-range fields. */
    INVALID("invalid"),
    /** Valid, but its event time lies further ahead of the clock than --max-clock-skew allows. */
    FUTURE("future"),
    /** Valid, but its event time fell behind the watermark by more than the allowed lateness. */
    LATE("late"),
    /** Valid, but of a key beyond the job's key limit ({@code --max-keys}). */
    OVERFLOW("overflow"),
    /** Valid, but an operator failed on it or on the state it met: a defect, named in the error. */
    INTERNAL("internal");

    private final String metricName;

    RejectionKind(String metricName) {
        this.metricName = metricName;
    }

    public String metricName() {
        return metricName;
    }
}

package io.lossmonitor.event;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator makes of a record it fails on — a defect not yet found, not a fault of the record: the dead
 * letter's reason, {@code internal error: <exception>}, and one log line with the stack trace per distinct cause
 * (the exception's class and where it was thrown), so that the job goes on and the defect is seen once.
 */
public final class InternalErrors {

    /** The counter of dead letters, under the metric group {@code reason} of their {@link RejectionKind}. */
    public static final String DEAD_LETTERED = "deadLettered";

    private static final Logger LOG = LoggerFactory.getLogger(InternalErrors.class);
    /** Distinct causes logged per operator instance, beyond which they are only counted. */
    private static final int MOST_LOGGED = 100;

    private final String operator;
    private final Set<String> logged = new HashSet<>();

    /** @param operator the operator's name, for the log line */
    public InternalErrors(String operator) {
        this.operator = operator;
    }

    /** The dead letter's reason for a record {@code failure} was thrown on, in one line; logs the first of its kind. */
    public String reasonFor(Throwable failure) {
        StackTraceElement[] where = failure.getStackTrace();
        String cause = failure.getClass().getName() + (where.length > 0 ? " at " + where[0] : "");
        if (logged.size() < MOST_LOGGED && logged.add(cause)) {
            LOG.error("{} failed on a record, which goes to the dead letters; further records failing this way are "
                    + "only counted", operator, failure);
        }
        return reason(failure);
    }

    /** {@code internal error: <exception>} in one line. */
    public static String reason(Throwable failure) {
        return ("internal error: " + failure).replace('\n', ' ').replace('\r', ' ');
    }
}

package io.lossmonitor.cli;

/** The job failed for good, its restarts used up; the message names the root cause in one line. */
public final class JobFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

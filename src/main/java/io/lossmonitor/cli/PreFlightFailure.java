package io.lossmonitor.cli;

/**
 * Why the job cannot start against this Kafka cluster, in one line that names the broker, topic or setting and how to
 * fix it, with the command line's exit code for it.
 */
public class PreFlightFailure extends Exception {

    /** The brokers did not answer within the connect timeout. */
    public static final int BROKERS_UNREACHABLE = 3;
    /** An input topic, or an output topic without {@code --create-topics}, does not exist. */
    public static final int TOPIC_MISSING = 4;
    /** A broker setting does not admit the job's settings (the transaction timeout of exactly-once). */
    public static final int BROKER_SETTING = 5;

    private final int exitCode;

    public PreFlightFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

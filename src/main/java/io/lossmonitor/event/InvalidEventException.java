package io.lossmonitor.event;

/** A record rejected by the parser, with a reason a person can act on. */
public final class InvalidEventException extends Exception {

    private final RejectionKind kind;

    public InvalidEventException(RejectionKind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public static InvalidEventException invalid(String reason) {
        return new InvalidEventException(RejectionKind.INVALID, reason);
    }

    public static InvalidEventException malformed(String reason) {
        return new InvalidEventException(RejectionKind.MALFORMED, reason);
    }

    public RejectionKind kind() {
        return kind;
    }
}

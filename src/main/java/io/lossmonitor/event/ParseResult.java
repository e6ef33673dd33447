package io.lossmonitor.event;

/**
 * What a Kafka source emits for one record: a valid prediction, a valid label event, or a dead letter; exactly one
 * of them.
 */
public class ParseResult {

    public PredictionEvent event;
    public LabelEvent label;
    public DeadLetter deadLetter;

    public ParseResult() {}

    public static ParseResult valid(PredictionEvent event) {
        ParseResult result = new ParseResult();
        result.event = event;
        return result;
    }

    public static ParseResult valid(LabelEvent label) {
        ParseResult result = new ParseResult();
        result.label = label;
        return result;
    }

    public static ParseResult rejected(DeadLetter deadLetter) {
        ParseResult result = new ParseResult();
        result.deadLetter = deadLetter;
        return result;
    }

    public boolean isValid() {
        return deadLetter == null;
    }

    /** The event time of a valid record. */
    public long eventTime() {
        return event != null ? event.timestamp : label.timestamp;
    }
}

package io.lossmonitor.event;

/** What the Kafka source emits for one record: either a valid event or a dead letter, never both. */
public class ParseResult {

    public PredictionEvent event;
    public DeadLetter deadLetter;

    public ParseResult() {}

    public static ParseResult valid(PredictionEvent event) {
        ParseResult result = new ParseResult();
        result.event = event;
        return result;
    }

    public static ParseResult rejected(DeadLetter deadLetter) {
        ParseResult result = new ParseResult();
        result.deadLetter = deadLetter;
        return result;
    }

    public boolean isValid() {
        return event != null;
    }
}

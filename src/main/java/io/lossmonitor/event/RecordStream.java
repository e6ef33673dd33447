package io.lossmonitor.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;

/**
 * One Jackson non-blocking parser fed record after record, so that a well-formed record costs no parser set-up;
 * it only ever accepts a short record that is exactly one JSON object, and says so, leaving every other record (and
 * the reason it is rejected) to a parser of its own. Not thread-safe: one instance per reader.
 */
final class RecordStream {

    /** Reads the fields of the object whose start token the parser has just returned. */
    interface FieldsReader {
        void readFields(JsonParser parser) throws IOException, InvalidEventException;
    }

    /**
     * Records read before the parser is replaced, handing its symbol table back to the factory's (which starts
     * afresh past a few thousand names): field names made up record after record do not pile up in a parser that
     * lives as long as the job.
     */
    static final int RECORDS_PER_PARSER = 4096;

    private final JsonFactory factory;
    private final FieldsReader fields;
    private final int longestRecord;
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    /** Bytes fed to the current parser before the current record. */
    private long fed;
    private int records;

    RecordStream(JsonFactory factory, FieldsReader fields) {
        this.factory = factory;
        this.fields = fields;
        // Jackson's non-blocking parser does not hold numbers to the longest length its constraints allow, as its
        // parser of one document does; a record no longer than that cannot hold a number that is too long.
        this.longestRecord = factory.streamReadConstraints().getMaxNumberLength();
    }

    /**
     * Reads one record; true if it was exactly one JSON object and {@code fields} read it without objection, false
     * for anything else, with the parser closed: its state is then unknown, and the parser that reads the record
     * again needs the buffers it holds.
     */
    boolean read(byte[] bytes) {
        if (bytes.length > longestRecord) {
            return drop();
        }
        try {
            if (parser == null || records == RECORDS_PER_PARSER) {
                renew();
            }
            records++;
            feeder.feedInput(bytes, 0, bytes.length);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return drop();
            }
            fields.readFields(parser);
            if (parser.currentToken() != JsonToken.END_OBJECT || !parser.getParsingContext().inRoot()) {
                return drop();
            }
            int end = (int) (parser.currentLocation().getByteOffset() - fed);
            if (!onlyWhiteSpaceFrom(bytes, end)) {
                return drop();
            }
            if (end < bytes.length && parser.nextToken() != JsonToken.NOT_AVAILABLE) {
                return drop();
            }
            fed += bytes.length;
            return true;
        } catch (IOException | InvalidEventException | RuntimeException e) {
            // Whatever it was, the record is read again by a parser of its own, which reports it.
            return drop();
        }
    }

    private void renew() throws IOException {
        if (parser != null) {
            parser.close();
        }
        parser = factory.createNonBlockingByteArrayParser();
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        fed = 0;
        records = 0;
    }

    private boolean drop() {
        try {
            if (parser != null) {
                parser.close();
            }
        } catch (IOException ignored) {
            // A parser being thrown away holds nothing worth reporting.
        }
        parser = null;
        return false;
    }

    private static boolean onlyWhiteSpaceFrom(byte[] bytes, int from) {
        if (from < 0 || from > bytes.length) {
            return false;
        }
        for (int i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}

package io.lossmonitor.join;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The dead letters of the label join: labels that do not fit their predictions, predictions that do not fit their
 * id's label, second labels of an id, second predictions of a (model, version, segment) for an id, and waiting
 * predictions whose model the restored state does not hold.
 */
final class JoinDeadLetters {

    private static final JsonFactory JSON = new JsonFactory();

    private JoinDeadLetters() {}

    /** A label record that fits none of the predictions waiting for it; {@code p} is one it does not fit. */
    static DeadLetter misfit(LabelEvent l, InvalidEventException e, PredictionEvent p) {
        return new DeadLetter(e.kind(), reason(e, p) + "; the prediction waits on for a label that fits it",
                l.sourceTopic, l.sourcePartition, l.sourceOffset, l.kafkaTimestamp, l.raw);
    }

    /**
     * A waiting prediction {@code p} that its id's label does not fit, while the label fits other predictions of the
     * id and joins them: the id has its label, so {@code p} leaves unlabelled.
     */
    static DeadLetter misfitOfLabelled(LabelEvent l, InvalidEventException e, PredictionEvent p) {
        return new DeadLetter(e.kind(), reason(e, p) + "; the label labelled other predictions of id '" + p.id
                + "', so this one stays unlabelled", l.sourceTopic, l.sourcePartition, l.sourceOffset,
                l.kafkaTimestamp, l.raw);
    }

    /**
     * The label an id keeps after its join, which does not fit the prediction {@code p} that came later: the record
     * itself is no longer kept, so it is written back as a label record of the contract.
     */
    static DeadLetter misfitOfJoinedLabel(JoinedLabel joined, InvalidEventException e, PredictionEvent p) {
        return new DeadLetter(e.kind(), reason(e, p) + "; the label of id '" + p.id + "' labelled other "
                + "predictions before, so this one stays unlabelled", null, -1, -1, -1, labelRecord(p.id, joined));
    }

    static DeadLetter duplicate(LabelEvent l, String why) {
        return new DeadLetter(RejectionKind.INVALID, "duplicate label for id '" + l.id + "': " + why, l.sourceTopic,
                l.sourcePartition, l.sourceOffset, l.kafkaTimestamp, l.raw);
    }

    /** A second prediction of the same (model, version, segment) for an id, written back as {@code raw}. */
    static DeadLetter duplicate(PredictionEvent p, byte[] raw, String why) {
        return new DeadLetter(RejectionKind.INVALID, "duplicate prediction of " + unit(p) + " for id '" + p.id
                + "': " + why, p.sourceTopic, p.sourcePartition, p.sourceOffset, p.kafkaTimestamp, raw);
    }

    /** A waiting prediction restored from an earlier release whose model's names the restored state lacks. */
    static DeadLetter unresolved(String id, WaitingPrediction w) {
        return new DeadLetter(RejectionKind.INTERNAL, "internal error: the prediction for id '" + id
                + "' waiting since " + w.timestamp + " refers to a model signature the restored state does not hold "
                + "(written by an earlier release); it is dropped unlabelled", null, -1, -1, -1,
                json(g -> {
                    g.writeStringField("id", id);
                    g.writeNumberField("ts", w.timestamp);
                    g.writeNumberField("weight", w.weight);
                }));
    }

    /** A record of an id and a time, for the dead letter of what waited under the id. */
    static byte[] idRecord(String id, long ts) {
        return json(g -> {
            g.writeStringField("id", id);
            g.writeNumberField("ts", ts);
        });
    }

    /** (model, version, segment) of {@code p}, for a reason; a missing version or segment is {@code none}. */
    static String unit(PredictionEvent p) {
        return "model '" + p.model + "', version " + quoted(p.version) + ", segment " + quoted(p.segment);
    }

    private static String quoted(String name) {
        return name == null ? "none" : "'" + name + "'";
    }

    private static String reason(InvalidEventException e, PredictionEvent p) {
        return e.getMessage() + " (prediction of " + unit(p) + ", task " + p.task.jsonName() + ")";
    }

    private static byte[] labelRecord(String id, JoinedLabel joined) {
        return json(g -> {
            g.writeStringField("id", id);
            g.writeFieldName("label");
            switch (joined.label().kind()) {
                case BOOLEAN -> g.writeBoolean(joined.label().bool());
                case NUMBER -> g.writeNumber(joined.label().number());
                case STRING -> g.writeString(joined.label().text());
                default -> g.writeNull();
            }
            g.writeNumberField("ts", joined.timestamp());
        });
    }

    /** Fields of one JSON object. */
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }
}

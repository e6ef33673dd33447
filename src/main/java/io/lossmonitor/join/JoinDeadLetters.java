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

/** The dead letters of the label join: labels that do not fit their prediction, and second labels of an id. */
final class JoinDeadLetters {

    private static final JsonFactory JSON = new JsonFactory();

    private JoinDeadLetters() {}

    /** A label record that does not fit the prediction {@code p}, as it was read. */
    static DeadLetter misfit(LabelEvent l, InvalidEventException e, PredictionEvent p) {
        return new DeadLetter(e.kind(), reason(e, p), l.sourceTopic, l.sourcePartition, l.sourceOffset,
                l.kafkaTimestamp, l.raw);
    }

    /**
     * The label an id keeps after its join, which does not fit the prediction {@code p} of another model that came
     * later: the record itself is no longer kept, so it is written back as a label record of the contract.
     */
    static DeadLetter misfitOfJoinedLabel(JoinedLabel joined, InvalidEventException e, PredictionEvent p) {
        return new DeadLetter(e.kind(), reason(e, p) + "; the label of id '" + p.id + "' joined the prediction of "
                + "another model before", null, -1, -1, -1, labelRecord(p.id, joined));
    }

    static DeadLetter duplicate(LabelEvent l, String why) {
        return new DeadLetter(RejectionKind.INVALID, "duplicate label for id '" + l.id + "': " + why, l.sourceTopic,
                l.sourcePartition, l.sourceOffset, l.kafkaTimestamp, l.raw);
    }

    private static String reason(InvalidEventException e, PredictionEvent p) {
        return e.getMessage() + " (prediction of model '" + p.model + "', task " + p.task.jsonName() + ")";
    }

    private static byte[] labelRecord(String id, JoinedLabel joined) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeFieldName("label");
            switch (joined.label().kind()) {
                case BOOLEAN -> g.writeBoolean(joined.label().bool());
                case NUMBER -> g.writeNumber(joined.label().number());
                case STRING -> g.writeString(joined.label().text());
                default -> g.writeNull();
            }
            g.writeNumberField("ts", joined.timestamp());
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }
}

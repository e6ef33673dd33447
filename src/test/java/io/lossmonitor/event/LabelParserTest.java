package io.lossmonitor.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossmonitor.testing.Parsers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Label events as written on the labels topic, and the reasons a label is rejected. */
class LabelParserTest {

    private final LabelParser parser = Parsers.label();

    private LabelEvent parse(String json) throws InvalidEventException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), 1_000L);
    }

    @Test
    void readsIdLabelAndTime() throws Exception {
        LabelEvent l = parse("{\"id\":\"p-1\",\"label\":\"dog\",\"ts\":\"2026-11-28T10:00:00Z\"}");
        assertThat(l.id).isEqualTo("p-1");
        assertThat(l.labelKind).isEqualTo(LabelKind.STRING);
        assertThat(l.labelText).isEqualTo("dog");
        assertThat(l.timestamp).isEqualTo(1_795_860_000_000L);
        assertThat(parse("{\"id\":7,\"label\":true}").timestamp).as("Kafka timestamp when no ts").isEqualTo(1_000L);
    }

    @Test
    void rejectsWhatCannotLabelAPrediction() {
        assertThatThrownBy(() -> parse("{\"label\":1}")).hasMessageContaining("missing field 'id'");
        assertThatThrownBy(() -> parse("{\"id\":\"p\"}")).hasMessageContaining("missing field 'label'");
        assertThatThrownBy(() -> parse("{\"id\":\"p\",\"label\":1,\"probability\":0.3}"))
                .hasMessageContaining("a label event has no prediction fields");
        assertThatThrownBy(() -> parse("{\"id\":\"p\",\"label\":[1]}"))
                .hasMessageContaining("'label' must be a number, string or boolean");
        assertThatThrownBy(() -> parse("not json")).isInstanceOfSatisfying(InvalidEventException.class,
                e -> assertThat(e.kind()).isEqualTo(RejectionKind.MALFORMED));
    }

    @Test
    void aLabelIsResolvedAgainstItsPrediction() throws Exception {
        PredictionEvent multiclass = Parsers.prediction().parse(
                "{\"model\":\"m\",\"probabilities\":{\"cat\":0.3,\"dog\":0.7}}".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(parse("{\"id\":\"p\",\"label\":\"dog\"}").resolveFor(multiclass)).isEqualTo(1.0);
        assertThatThrownBy(() -> parse("{\"id\":\"p\",\"label\":\"cow\"}").resolveFor(multiclass))
                .hasMessageContaining("'label' \"cow\" is not one of the classes [cat, dog]");
    }
}

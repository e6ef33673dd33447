package io.lossmonitor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.event.Task;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.window.ModelKey;
import io.lossmonitor.window.WindowInput;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The raw value of a dead letter for pre-aggregated input is JSON that reads back to the key it names. */
class WindowInputDeadLettersTest {

    @Test
    void aPartialsKeyWithQuotesBackslashesAndControlCharactersReadsBackExactly() {
        String model = "fraud \"v\" \\ line\nbreak\ttab\u0001bell\u001f";
        ModelKey key = new ModelKey(model, "v\u0000", null, Task.BINARY);

        DeadLetter letter = WindowInputDeadLetters.of(WindowInput.partial(key, LossAccumulator.empty(), 7),
                RejectionKind.OVERFLOW, "key limit");

        JsonNode raw = AggregateRecords.parse(letter.raw);
        assertThat(raw.get("model").asText()).isEqualTo(model);
        assertThat(raw.get("version").asText()).isEqualTo("v\u0000");
        assertThat(raw.get("segment").isNull()).as("no segment").isTrue();
        assertThat(raw.get("events").asLong()).isEqualTo(7);
        assertThat(new String(letter.raw, StandardCharsets.UTF_8))
                .as("control characters are escaped, never written raw").doesNotContain("\u0001", "\n", "\u0000");
    }
}

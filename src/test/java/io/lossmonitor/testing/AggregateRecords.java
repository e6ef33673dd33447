package io.lossmonitor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The JSON records of an output topic, read as trees, with their Kafka keys. */
public final class AggregateRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One output record: its key and its parsed value. */
    public record Output(String key, JsonNode value) {
        public String model() {
            return value.get("model").asText();
        }
    }

    private AggregateRecords() {}

    public static List<Output> read(String topic) {
        return read(KafkaTestBroker.bootstrapServers(), topic);
    }

    public static List<Output> read(String bootstrap, String topic) {
        List<Output> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestBroker.readAll(bootstrap, topic)) {
            out.add(new Output(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), parse(r.value())));
        }
        return out;
    }

    /** The records of a topic (their values) once it holds at least {@code count}, failing after {@code patience}. */
    public static List<JsonNode> await(String topic, int count, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<JsonNode> values = read(topic).stream().map(Output::value).toList();
            if (values.size() >= count) {
                return values;
            }
            assertThat(System.nanoTime()).as("%d records on %s within %s", count, topic, patience)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    public static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The identity of an aggregate: model, version, segment, window start, revision. */
    public static String identity(JsonNode a) {
        return a.get("model").asText() + "|" + a.get("version").asText(null) + "|" + a.get("segment").asText(null)
                + "|" + a.get("window_start").asText() + "|" + a.get("revision").asInt();
    }
}

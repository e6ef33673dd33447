package io.lossmonitor.io;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.flink.util.function.SerializableSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Output records of one kind to Kafka records of one topic: the Kafka key a function of the record (none where it
 * gives null), the value the record's JSON as its writer makes it. The writer is made once per subtask, so it may
 * keep buffers.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableSupplier<Function<T, byte[]>> writers;
    private transient Function<T, byte[]> writer;

    /**
     * @param key the record's Kafka key, or null for none
     * @param writers makes the function that writes a record's JSON
     */
    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key,
                                SerializableSupplier<Function<T, byte[]>> writers) {
        this.topic = topic;
        this.key = key;
        this.writers = writers;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        if (writer == null) {
            writer = writers.get();
        }
        String k = key.apply(record);
        return new ProducerRecord<>(topic, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                writer.apply(record));
    }
}

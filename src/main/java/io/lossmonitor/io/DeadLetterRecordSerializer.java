package io.lossmonitor.io;

import io.lossmonitor.event.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Dead letters to Kafka records on the dead-letter topic. */
public class DeadLetterRecordSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private final String topic;
    private transient DeadLetterJson json;

    public DeadLetterRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter deadLetter, KafkaSinkContext context, Long timestamp) {
        if (json == null) {
            json = new DeadLetterJson();
        }
        return new ProducerRecord<>(topic, null, json.toBytes(deadLetter));
    }
}

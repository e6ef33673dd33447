package io.lossmonitor.io;

import io.lossmonitor.alert.Alert;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Alerts to Kafka records on the alerts topic, keyed by model name. */
public class AlertRecordSerializer implements KafkaRecordSerializationSchema<Alert> {

    private final String topic;
    private transient AlertJson json;

    public AlertRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        if (json == null) {
            json = new AlertJson();
        }
        return new ProducerRecord<>(topic, alert.model.getBytes(StandardCharsets.UTF_8), json.toBytes(alert));
    }
}

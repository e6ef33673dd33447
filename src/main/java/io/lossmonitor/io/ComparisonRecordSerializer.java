package io.lossmonitor.io;

import io.lossmonitor.window.ComparisonResult;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Comparisons to Kafka records on the comparisons topic, keyed by the champion's name. */
public class ComparisonRecordSerializer implements KafkaRecordSerializationSchema<ComparisonResult> {

    private final String topic;
    private transient ComparisonJson json;

    public ComparisonRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(ComparisonResult result, KafkaSinkContext context,
                                                    Long timestamp) {
        if (json == null) {
            json = new ComparisonJson();
        }
        return new ProducerRecord<>(topic, result.champion.getBytes(StandardCharsets.UTF_8), json.toBytes(result));
    }
}

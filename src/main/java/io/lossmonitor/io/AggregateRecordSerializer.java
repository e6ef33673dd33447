package io.lossmonitor.io;

import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.window.LossAggregate;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Aggregates to Kafka records on the output topic, keyed by model name. */
public class AggregateRecordSerializer implements KafkaRecordSerializationSchema<LossAggregate> {

    private final String topic;
    private final LossParameters params;
    private transient AggregateJson json;

    public AggregateRecordSerializer(String topic, LossParameters params) {
        this.topic = topic;
        this.params = params;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(LossAggregate aggregate, KafkaSinkContext context,
                                                    Long timestamp) {
        if (json == null) {
            json = new AggregateJson(params);
        }
        return new ProducerRecord<>(topic, aggregate.model.getBytes(StandardCharsets.UTF_8),
                json.toBytes(aggregate));
    }
}

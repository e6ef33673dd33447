package io.lossmonitor.pipeline;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.alert.Alert;
import io.lossmonitor.compare.ComparisonJson;
import io.lossmonitor.compare.ComparisonResult;
import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.io.AggregateJson;
import io.lossmonitor.io.AlertJson;
import io.lossmonitor.io.DeadLetterJson;
import io.lossmonitor.io.JsonRecordSerializer;
import io.lossmonitor.io.LabelDeserializer;
import io.lossmonitor.io.PredictionDeserializer;
import io.lossmonitor.loss.LossParameters;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;

/** Builds the job's Kafka sources and sinks from its configuration. */
public final class KafkaEndpoints {

    /**
     * Producer transaction timeout: below the broker's default {@code transaction.max.timeout.ms} (15 min), and
     * far above any checkpoint interval, so open transactions survive a slow checkpoint but not a lost job.
     */
    public static final String TRANSACTION_TIMEOUT_MS = "600000";

    /**
     * Producer batch size: every key's aggregate of a window leaves at once when the window ends, and a produce
     * request carries one batch per partition, so Kafka's default of 16 KiB turned 100,000 aggregates into thousands
     * of requests; half of the broker's default largest batch ({@code message.max.bytes}, 1 MiB).
     */
    static final String BATCH_SIZE_BYTES = "524288";

    private KafkaEndpoints() {}

    public static Sources sources(JobConfig config) {
        return new Sources(source(config, config.predictionsTopic(), new PredictionDeserializer(config.maxClockSkew(),
                config.lossParameters().embedding(), config.lossParameters().ranking())),
                config.labelsTopic() == null ? null
                        : source(config, config.labelsTopic(), new LabelDeserializer(config.maxClockSkew(),
                                config.lossParameters().embedding().maxDimensions(),
                                config.lossParameters().ranking().maxListLength())));
    }

    private static KafkaSource<ParseResult> source(JobConfig config, String topic,
                                                   KafkaRecordDeserializationSchema<ParseResult> deserializer) {
        KafkaSourceBuilder<ParseResult> builder = KafkaSource.<ParseResult>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.groupId())
                .setStartingOffsets(config.startingOffsets().initializer())
                .setDeserializer(deserializer)
                .setClientIdPrefix(config.groupId() + "-" + topic)
                // Upstream producers may write transactionally; aborted records must never be counted.
                .setProperty("isolation.level", "read_committed");
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        config.kafkaProperties().forEach(builder::setProperty);
        return builder.build();
    }

    public static Sinks sinks(JobConfig config) {
        LossParameters params = config.lossParameters();
        // Aggregates, alerts and comparisons are keyed by model (the champion's), so a model's records keep their
        // order in one partition; dead letters have no key.
        return new Sinks(
                sink(config, new JsonRecordSerializer<LossAggregate>(config.outputTopic(), a -> a.model,
                        () -> new AggregateJson(params)::toBytes), "aggregates"),
                sink(config, new JsonRecordSerializer<DeadLetter>(config.dlqTopic(), d -> null,
                        () -> new DeadLetterJson()::toBytes), "dead-letters"),
                sink(config, new JsonRecordSerializer<Alert>(config.alertsTopic(), a -> a.model,
                        () -> new AlertJson()::toBytes), "alerts"),
                config.comparisons().enabled()
                        ? sink(config, new JsonRecordSerializer<ComparisonResult>(config.comparisons().topic(),
                                r -> r.champion, () -> new ComparisonJson()::toBytes), "comparisons")
                        : null);
    }

    private static <T> KafkaSink<T> sink(JobConfig config, KafkaRecordSerializationSchema<T> serializer,
                                         String name) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(config.delivery())
                // One prefix per sink and job: two sinks sharing one would fence each other's transactions.
                .setTransactionalIdPrefix(config.groupId() + "-" + name)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .setProperty("batch.size", BATCH_SIZE_BYTES);
        for (Map.Entry<String, String> property : config.kafkaProperties().entrySet()) {
            builder.setProperty(property.getKey(), property.getValue());
        }
        return builder.build();
    }
}

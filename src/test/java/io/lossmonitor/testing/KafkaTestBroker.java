package io.lossmonitor.testing;

import io.lossmonitor.local.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One real in-process Kafka broker shared by every test in the JVM, with a fresh topic per test and helpers to
 * produce records and to read a topic to its end as a read_committed consumer.
 */
public final class KafkaTestBroker {

    private static EmbeddedKafkaBroker broker;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private KafkaTestBroker() {}

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                broker = EmbeddedKafkaBroker.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded Kafka broker", e);
            }
            // No shutdown hook closes it: a controlled shutdown with clients still connected can outlast the time
            // the test runner gives a JVM to exit, and the process ending takes the broker with it anyway.
        }
        return broker.bootstrapServers();
    }

    /** Creates a topic no other test uses. */
    public static String freshTopic(String prefix, int partitions) {
        String topic = prefix + "-" + TOPICS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic, partitions);
        return topic;
    }

    /** Creates a topic of a given name, for fixtures whose topic names are fixed (those in committed savepoints). */
    public static void createTopic(String topic, int partitions) {
        bootstrapServers();
        try {
            broker.createTopics(partitions, topic);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    /** Produces the values round-robin over the topic's partitions, in order within each partition. */
    public static void produce(String topic, int partitions, List<byte[]> values) {
        produce(bootstrapServers(), topic, partitions, values);
    }

    /** As {@link #produce(String, int, List)}, to any broker. */
    public static void produce(String bootstrap, String topic, int partitions, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i)));
            }
            producer.flush();
        }
    }

    /** Produces the values to partition 0 of the topic, in order, each with the Kafka timestamp {@code timestamp}. */
    public static void produceAt(String topic, long timestamp, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, 0, timestamp, null, value));
            }
            producer.flush();
        }
    }

    public static void produceStrings(String topic, int partitions, List<String> values) {
        produceStrings(bootstrapServers(), topic, partitions, values);
    }

    public static void produceStrings(String bootstrap, String topic, int partitions, List<String> values) {
        produce(bootstrap, topic, partitions, values.stream()
                .map(v -> v == null ? null : v.getBytes(StandardCharsets.UTF_8)).toList());
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Every committed record of the topic, up to its end offsets at the time of the call. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(bootstrapServers(), topic);
    }

    /** As {@link #readAll(String)}, from any broker. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!reachedEnd(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    public static List<String> readAllValues(String topic) {
        return readAll(topic).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < end.get(p)) {
                return false;
            }
        }
        return true;
    }
}

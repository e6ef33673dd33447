package io.lossmonitor.cli;

import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.KafkaEndpoints;
import io.lossmonitor.pipeline.StartingOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Checks, before the job starts, that it can work against the Kafka cluster: the brokers answer within the connect
 * timeout, the input topics exist, the output topics exist (or are created), and with exactly-once the brokers'
 * {@code transaction.max.timeout.ms} admits the producers' {@code transaction.timeout.ms}. Each failure is a
 * {@link PreFlightFailure} in one line; on success it tells how many records a bounded run will read.
 */
public final class PreFlight {

    static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";
    static final String TRANSACTION_TIMEOUT = "transaction.timeout.ms";

    private final JobConfig config;
    private final Duration connectTimeout;
    private final TopicCreation topicCreation;
    private final Consumer<String> notes;

    /** @param notes receives a line for each thing done or not checked (a topic created, a setting unreadable) */
    public PreFlight(JobConfig config, Duration connectTimeout, TopicCreation topicCreation, Consumer<String> notes) {
        this.config = config;
        this.connectTimeout = connectTimeout;
        this.topicCreation = topicCreation;
        this.notes = notes;
    }

    /**
     * Where the job starts reading each input partition, and how many records the input topics hold from there:
     * what a bounded run reads, and what progress is counted from.
     *
     * @param records records between where the job starts and the end of each input partition now; 0 from the latest
     * @param starts the first offset the job reads of each input partition, by {@code topic-partition}
     */
    public record InputOffsets(long records, Map<String, Long> starts) {}

    /** Runs every check; returns where the job starts reading its input, and how much there is. */
    public InputOffsets check() throws PreFlightFailure, InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            List<Node> brokers = brokers(admin);
            Set<String> topics = call(admin.listTopics().names(), "list the topics");
            for (String input : inputTopics()) {
                if (!topics.contains(input)) {
                    throw new PreFlightFailure(PreFlightFailure.TOPIC_MISSING, "input topic '" + input
                            + "' does not exist on " + config.bootstrapServers() + ": create it, or name the topic "
                            + "the predictions are on with " + optionOf(input));
                }
            }
            createOrRequireOutputs(admin, topics);
            if (config.delivery() == DeliveryGuarantee.EXACTLY_ONCE) {
                checkTransactionTimeout(admin, brokers.get(0));
            }
            return recordsToRead(admin);
        }
    }

    private Properties adminProperties() {
        return adminProperties(config, connectTimeout);
    }

    /** An admin client of the job's brokers, with its client properties, that gives up after {@code timeout}. */
    static Properties adminProperties(JobConfig config, Duration timeoutAfter) {
        Properties properties = new Properties();
        config.kafkaProperties().forEach(properties::setProperty);
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        int timeout = (int) Math.min(Integer.MAX_VALUE, timeoutAfter.toMillis());
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        return properties;
    }

    private List<Node> brokers(Admin admin) throws PreFlightFailure, InterruptedException {
        try {
            return new ArrayList<>(admin.describeCluster().nodes().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new PreFlightFailure(PreFlightFailure.BROKERS_UNREACHABLE, "cannot reach Kafka at "
                    + config.bootstrapServers() + " within " + DurationConverter.format(connectTimeout)
                    + " (--connect-timeout): check --bootstrap-servers, that the brokers are running, and the "
                    + "client security settings (--kafka-property)" + cause(e));
        }
    }

    private List<String> inputTopics() {
        List<String> inputs = new ArrayList<>(List.of(config.predictionsTopic()));
        if (config.labelsTopic() != null) {
            inputs.add(config.labelsTopic());
        }
        return inputs;
    }

    private Set<String> outputTopics() {
        Set<String> outputs = new LinkedHashSet<>(List.of(config.outputTopic(), config.alertsTopic(), config.dlqTopic()));
        if (config.comparisons().enabled()) {
            outputs.add(config.comparisons().topic());
        }
        return outputs;
    }

    private String optionOf(String topic) {
        return topic.equals(config.predictionsTopic()) ? "--predictions-topic" : "--labels-topic";
    }

    private void createOrRequireOutputs(Admin admin, Set<String> existing) throws PreFlightFailure,
            InterruptedException {
        List<String> missing = outputTopics().stream().filter(t -> !existing.contains(t)).toList();
        if (missing.isEmpty()) {
            return;
        }
        if (!topicCreation.enabled()) {
            throw new PreFlightFailure(PreFlightFailure.TOPIC_MISSING, "output topic" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing.stream().map(t -> "'" + t + "'").toList()) + " "
                    + (missing.size() > 1 ? "do" : "does") + " not exist on " + config.bootstrapServers()
                    + ": create " + (missing.size() > 1 ? "them" : "it") + ", or pass --create-topics "
                    + "(with --topic-partitions and --topic-replication-factor)");
        }
        List<NewTopic> topics = missing.stream().map(t -> new NewTopic(t, topicCreation.partitionsOrDefault(),
                topicCreation.replicationOrDefault())).toList();
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created :
                admin.createTopics(topics).values().entrySet()) {
            try {
                created.getValue().get();
                notes.accept("created output topic '" + created.getKey() + "'");
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new PreFlightFailure(PreFlightFailure.TOPIC_MISSING, "cannot create output topic '"
                            + created.getKey() + "' on " + config.bootstrapServers() + cause(e));
                }
            }
        }
    }

    private void checkTransactionTimeout(Admin admin, Node broker) throws PreFlightFailure, InterruptedException {
        long producers = Long.parseLong(config.kafkaProperties().getOrDefault(TRANSACTION_TIMEOUT,
                KafkaEndpoints.TRANSACTION_TIMEOUT_MS));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        ConfigEntry maximum;
        try {
            Config brokerConfig = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            maximum = brokerConfig.get(TRANSACTION_MAX_TIMEOUT);
        } catch (ExecutionException e) {
            notes.accept("could not read the brokers' " + TRANSACTION_MAX_TIMEOUT + ", not checked" + cause(e));
            return;
        }
        if (maximum == null || maximum.value() == null) {
            return;
        }
        long brokerMaximum = Long.parseLong(maximum.value());
        if (brokerMaximum < producers) {
            throw new PreFlightFailure(PreFlightFailure.BROKER_SETTING, "the brokers' " + TRANSACTION_MAX_TIMEOUT
                    + " is " + brokerMaximum + " ms, below the exactly-once producers' " + TRANSACTION_TIMEOUT + " of "
                    + producers + " ms: raise " + TRANSACTION_MAX_TIMEOUT + " on the brokers, or pass --kafka-property "
                    + TRANSACTION_TIMEOUT + "=" + brokerMaximum + " (it must stay well above --checkpoint-interval)");
        }
    }

    /** Where the job starts in each input partition, and the records from there to the partition's end now. */
    private InputOffsets recordsToRead(Admin admin) throws PreFlightFailure, InterruptedException {
        Map<String, TopicDescription> descriptions = call(admin.describeTopics(inputTopics()).allTopicNames(),
                "describe the input topics");
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : descriptions.values()) {
            topic.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
            });
        }
        Map<TopicPartition, ListOffsetsResultInfo> starts = call(admin.listOffsets(earliest).all(),
                "read the input topics' offsets");
        Map<TopicPartition, ListOffsetsResultInfo> ends = call(admin.listOffsets(latest).all(),
                "read the input topics' offsets");
        Map<TopicPartition, OffsetAndMetadata> committed = config.startingOffsets() == StartingOffsets.COMMITTED
                ? call(admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata(),
                        "read the consumer group's offsets")
                : Map.of();
        long records = 0;
        Map<String, Long> from = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata after = committed.get(end.getKey());
            long start = config.startingOffsets() == StartingOffsets.LATEST ? end.getValue().offset()
                    : after != null ? after.offset() : starts.get(end.getKey()).offset();
            from.put(end.getKey().toString(), start);
            records += Math.max(0, end.getValue().offset() - start);
        }
        return new InputOffsets(records, Map.copyOf(from));
    }

    private <T> T call(org.apache.kafka.common.KafkaFuture<T> future, String what) throws PreFlightFailure,
            InterruptedException {
        try {
            return future.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new PreFlightFailure(PreFlightFailure.BROKERS_UNREACHABLE, "cannot " + what + " on "
                    + config.bootstrapServers() + " within " + DurationConverter.format(connectTimeout) + cause(e));
        }
    }

    private static String cause(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
    }
}

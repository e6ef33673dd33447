package io.lossmonitor.cli;

import java.util.Optional;

/**
 * Whether the pre-flight check creates missing output topics, and with how many partitions and replicas.
 *
 * @param partitions null for the brokers' default
 * @param replicationFactor null for the brokers' default
 */
public record TopicCreation(boolean enabled, Integer partitions, Short replicationFactor) {

    public static final TopicCreation NONE = new TopicCreation(false, null, null);

    public TopicCreation {
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--topic-partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new IllegalArgumentException("--topic-replication-factor must be at least 1, got "
                    + replicationFactor);
        }
    }

    Optional<Integer> partitionsOrDefault() {
        return Optional.ofNullable(partitions);
    }

    Optional<Short> replicationOrDefault() {
        return Optional.ofNullable(replicationFactor);
    }
}

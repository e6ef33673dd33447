package io.lossmonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Checks that the job and the SQL peer computed the same windows with the same losses. */
final class OutputComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputComparison() {}

    static void compare(ThroughputBenchmark.Report report, String bootstrap, String jobTopic, String peerTopic,
                        boolean binary) throws Exception {
        compare(report, bootstrap, jobTopic, peerTopic, binary, "");
    }

    /** As {@link #compare(ThroughputBenchmark.Report, String, String, String, boolean)}, each figure's name ending in
     *  {@code suffix}. */
    static void compare(ThroughputBenchmark.Report report, String bootstrap, String jobTopic, String peerTopic,
                        boolean binary, String suffix) throws Exception {
        String[] losses = binary ? new String[] {"cross_entropy", "error_rate", "brier"}
                : new String[] {"mse", "mae", "huber"};
        Map<String, JsonNode> job = new HashMap<>();
        for (JsonNode a : read(bootstrap, jobTopic)) {
            job.put(a.get("model").asText() + "@" + a.get("window_start").asText().substring(0, 19), a);
        }
        double maxRelative = 0;
        long matched = 0;
        List<JsonNode> peer = read(bootstrap, peerTopic);
        for (JsonNode p : peer) {
            String key = p.get("model").asText() + "@" + p.get("window_start").asText().substring(0, 19).replace(' ', 'T');
            JsonNode a = job.get(key);
            if (a == null || a.get("count").asLong() != p.get("cnt").asLong()) {
                continue;
            }
            matched++;
            for (String loss : losses) {
                double x = a.get(loss).asDouble();
                double y = p.get(loss).asDouble();
                maxRelative = Math.max(maxRelative, Math.abs(x - y) / Math.max(Math.abs(y), 1e-300));
            }
        }
        report.put("windows written by the job" + suffix, job.size());
        report.put("windows written by the SQL peer" + suffix, peer.size());
        report.put("windows where both agree on count" + suffix, matched);
        report.put("max relative difference job vs SQL (" + String.join(", ", losses) + ")" + suffix, maxRelative);
    }

    private static List<JsonNode> read(String bootstrap, String topic) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            List<JsonNode> out = new java.util.ArrayList<>();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(JSON.readTree(r.value()));
                }
            }
            return out;
        }
    }
}

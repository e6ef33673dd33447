package io.lossmonitor.cli;

import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossmonitor.join.JoinTime;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.StartingOffsets;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The pre-flight check against a real broker: what it refuses, what it creates, and how much a replay will read. */
class PreFlightTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aMissingLabelsTopicIsNamedWithItsOption() {
        Topics topics = Topics.fresh(1);
        String labels = "no-such-labels-" + UUID.randomUUID();
        JobConfig config = TestJobs.boundedWithLabels(topics, labels, Duration.ofMinutes(5), JoinTime.LABEL);

        assertThatThrownBy(() -> new PreFlight(config, TIMEOUT, TopicCreation.NONE, note -> { }).check())
                .isInstanceOfSatisfying(PreFlightFailure.class, f -> assertThat(f.exitCode())
                        .isEqualTo(PreFlightFailure.TOPIC_MISSING))
                .hasMessageContaining("input topic '" + labels + "' does not exist")
                .hasMessageContaining("--labels-topic");
    }

    @Test
    void createTopicsCreatesTheMissingOutputsWithTheGivenPartitions() throws Exception {
        Topics existing = Topics.fresh(1);
        String output = "created-output-" + UUID.randomUUID();
        String alerts = "created-alerts-" + UUID.randomUUID();
        Topics topics = new Topics(existing.predictions(), output, alerts, existing.deadLetters());
        List<String> notes = new ArrayList<>();

        new PreFlight(TestJobs.bounded(topics), TIMEOUT, new TopicCreation(true, 3, (short) 1), notes::add).check();

        assertThat(notes).containsExactlyInAnyOrder("created output topic '" + output + "'",
                "created output topic '" + alerts + "'");
        try (Admin admin = admin()) {
            assertThat(admin.describeTopics(List.of(output, alerts)).allTopicNames().get().values())
                    .allSatisfy(t -> assertThat(t.partitions()).as("partitions of %s", t.name()).hasSize(3));
        }
    }

    @Test
    void aReplayFromCommittedOffsetsReadsWhatIsLeftAfterThem() throws Exception {
        Topics topics = Topics.fresh(2);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(json("model", "m", "ts", T0 + i, "prediction", 1.0, "label", 1.0));
        }
        KafkaTestBroker.produceStrings(topics.predictions(), 2, records);
        JobConfig c = TestJobs.bounded(topics);
        JobConfig fromCommitted = new JobConfig(c.bootstrapServers(), c.predictionsTopic(), c.labelsTopic(),
                c.outputTopic(), c.alertsTopic(), c.dlqTopic(), c.window(), c.slide(), c.outOfOrderness(),
                c.idleness(), c.allowedLateness(), c.labelTtl(), c.joinTime(), c.lossParameters(), c.alertSettings(),
                c.checkpointInterval(), c.checkpointDir(), c.delivery(), StartingOffsets.COMMITTED, c.bounded(),
                c.groupId(), c.parallelism(), c.maxKeys(), c.kafkaProperties(), c.maxClockSkew(), c.comparisons());
        try (Admin admin = admin()) {
            // The group has read 30 of partition 0's 50 records, and nothing of partition 1.
            admin.alterConsumerGroupOffsets(c.groupId(),
                    Map.of(new TopicPartition(topics.predictions(), 0), new OffsetAndMetadata(30))).all().get();
        }

        String p0 = topics.predictions() + "-0";
        String p1 = topics.predictions() + "-1";
        assertThat(new PreFlight(c, TIMEOUT, TopicCreation.NONE, note -> { }).check())
                .isEqualTo(new PreFlight.InputOffsets(100, Map.of(p0, 0L, p1, 0L)));
        assertThat(new PreFlight(fromCommitted, TIMEOUT, TopicCreation.NONE, note -> { }).check())
                .as("from the group's offsets, and partition 1's first").isEqualTo(
                        new PreFlight.InputOffsets(70, Map.of(p0, 30L, p1, 0L)));
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers()));
    }
}

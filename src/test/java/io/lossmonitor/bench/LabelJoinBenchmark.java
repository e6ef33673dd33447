package io.lossmonitor.bench;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.bench.ThroughputBenchmark.Measurement;
import io.lossmonitor.bench.ThroughputBenchmark.Report;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.local.EmbeddedKafkaBroker;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.pipeline.StartingOffsets;
import io.lossmonitor.testing.Events;
import io.lossmonitor.testing.JoinStateBytes;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.LabelledTraffic;
import io.lossmonitor.testing.StateBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.util.MiniClusterWithClientResource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The label join's cost: on one in-process broker and one MiniCluster, the job over binary predictions with ids
 * alone, and the same predictions joined with their labels from a topic of their own (each label up to 40 s after
 * its prediction), and the Flink SQL interval join a user would write instead ({@link JoinPeerQuery}), on the heap
 * and on RocksDB with incremental checkpoints, timed in rounds as {@link ThroughputBenchmark} times its
 * measurements, the job's and the SQL's windows checked to agree; then the bytes the join checkpoints per waiting
 * prediction and per joined id on both backends.
 */
@Command(name = "label-join-bench", mixinStandardHelpOptions = true)
public class LabelJoinBenchmark implements Callable<Integer> {

    private static final int PARTITIONS = 2;
    private static final long MAX_LABEL_DELAY = 40_000;
    /**
     * The command line's default: the heap backend writes its whole state at every checkpoint, and the join's state
     * grows with the ids of the label TTL, so the throughput benchmark's one second would mostly time checkpoints.
     */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    /** Event time the predictions are spread over: 100 one-minute windows, as the throughput benchmark's. */
    private static final long SPAN = 100 * Events.MINUTE;

    @Option(names = "--predictions", defaultValue = "1000000")
    int predictions;

    @Option(names = "--tiny", defaultValue = "20000", description = "Predictions on the start-up topics.")
    int tiny;

    @Option(names = "--state-ids", defaultValue = "300000", description = "Ids of the state-size measurement.")
    int stateIds;

    @Option(names = "--backends", defaultValue = "HEAP,ROCKSDB", split = ",",
            description = "State backends of the join runs (one alone, to profile it).")
    List<StateBackends> backends;

    @Option(names = "--skip-sql-peer",
            description = "Leave out the Flink SQL interval join a user would write instead (profiling).")
    boolean skipSqlPeer;

    @Option(names = "--warmups", defaultValue = "2")
    int warmups;

    @Option(names = "--repeats", defaultValue = "3")
    int repeats;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabelJoinBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        run();
        return 0;
    }

    public Report run() throws Exception {
        Report report = new Report();
        System.out.printf(Locale.ROOT, "label join: %,d predictions and as many labels (start-up topics %,d), "
                + "median of %d after %d warm-up%n", predictions, tiny, repeats, warmups);
        MiniClusterWithClientResource cluster = new MiniClusterWithClientResource(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(PARTITIONS)
                        .build());
        cluster.before();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Topics big = topics(broker, predictions);
            Topics small = topics(broker, tiny);
            Map<StateBackends, Measurement> alone = new EnumMap<>(StateBackends.class);
            for (StateBackends backend : backends) {
                alone.put(backend, new Measurement("job, the predictions alone (no labels topic), "
                        + backend.displayName(), predictions, tiny,
                        () -> runJob(broker, big, null, backend),
                        () -> runJob(broker, small, null, backend)));
            }
            Map<StateBackends, Measurement> joins = new EnumMap<>(StateBackends.class);
            Map<StateBackends, Measurement> peers = new EnumMap<>(StateBackends.class);
            Map<StateBackends, String[]> outputs = new EnumMap<>(StateBackends.class);
            for (StateBackends backend : backends) {
                String[] last = new String[2];
                outputs.put(backend, last);
                joins.put(backend, new Measurement("job joining their labels, " + backend.displayName()
                        + ": predictions + labels", 2L * predictions, 2L * tiny,
                        () -> last[0] = runJob(broker, big, big.labels, backend),
                        () -> runJob(broker, small, small.labels, backend)));
                if (!skipSqlPeer) {
                    peers.put(backend, new Measurement("Flink SQL interval join, " + backend.displayName()
                            + ": predictions + labels", 2L * predictions, 2L * tiny,
                            () -> last[1] = runPeer(broker, big, backend),
                            () -> runPeer(broker, small, backend)));
                }
            }
            List<Measurement> measurements = new ArrayList<>(alone.values());
            measurements.addAll(joins.values());
            measurements.addAll(peers.values());
            ThroughputBenchmark rounds = new ThroughputBenchmark();
            rounds.warmups = warmups;
            rounds.repeats = repeats;
            Map<Measurement, Double> rates = rounds.marginal(report, measurements);
            joins.forEach((backend, join) -> report.put("ratio label join, " + backend.displayName()
                    + " / predictions alone", rates.get(join) / rates.get(alone.get(backend))));
            peers.forEach((backend, peer) -> report.put("ratio label join / SQL interval join, "
                    + backend.displayName(), rates.get(joins.get(backend)) / rates.get(peer)));
            for (Map.Entry<StateBackends, String[]> output : outputs.entrySet()) {
                if (output.getValue()[1] != null) {
                    OutputComparison.compare(report, broker.bootstrapServers(), output.getValue()[0],
                            output.getValue()[1], true, ", " + output.getKey().displayName());
                }
            }
            if (joins.size() == 2) {
                report.put("ratio label join, RocksDB / heap", rates.get(joins.get(StateBackends.ROCKSDB))
                        / rates.get(joins.get(StateBackends.HEAP)));
            }
        } finally {
            cluster.after();
        }
        for (StateBackends backend : StateBackends.values()) {
            for (JoinStateBytes.Kind kind : JoinStateBytes.Kind.values()) {
                report.put(stateBytesName(backend, kind), JoinStateBytes.perId(kind, stateIds, backend));
            }
        }
        return report;
    }

    static String stateBytesName(StateBackends backend, JoinStateBytes.Kind kind) {
        return "checkpointed bytes per " + kind.description().substring(2) + ", " + backend.name().toLowerCase(
                Locale.ROOT);
    }

    /** A predictions topic and its labels topic. */
    private record Topics(String predictions, String labels) {}

    private static Topics topics(EmbeddedKafkaBroker broker, int count) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics("join-bench-predictions-" + count + "-" + suffix,
                "join-bench-labels-" + count + "-" + suffix);
        broker.createTopics(PARTITIONS, topics.predictions, topics.labels);
        LabelledTraffic traffic = new LabelledTraffic(count, Math.max(1, SPAN / count), MAX_LABEL_DELAY, "fraud",
                count);
        KafkaTestBroker.produceStrings(broker.bootstrapServers(), topics.predictions, PARTITIONS,
                traffic.predictionsBefore(Long.MAX_VALUE));
        KafkaTestBroker.produceStrings(broker.bootstrapServers(), topics.labels, PARTITIONS,
                traffic.labelsBefore(Long.MAX_VALUE));
        return topics;
    }

    /** Runs the SQL peer over the topics; returns its output topic. */
    private static String runPeer(EmbeddedKafkaBroker broker, Topics input, StateBackends backend) throws Exception {
        String id = "join-peer-" + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(1, id + "-out");
        JoinPeerQuery.run(broker.bootstrapServers(), input.predictions, input.labels, id + "-out", PARTITIONS, id,
                backend.configuration());
        return id + "-out";
    }

    /** Runs the job over the topics; returns its output topic. */
    private static String runJob(EmbeddedKafkaBroker broker, Topics input, String labels, StateBackends backend)
            throws Exception {
        String id = "join-bench-" + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(1, id + "-out", id + "-alerts", id + "-dlq");
        JobConfig config = new JobConfig(broker.bootstrapServers(), input.predictions, labels, id + "-out",
                id + "-alerts", id + "-dlq", Duration.ofMinutes(1), null, Duration.ofSeconds(5), Duration.ZERO,
                Duration.ZERO, Duration.ofHours(1), JoinTime.LABEL, LossParameters.DEFAULTS, AlertSettings.DEFAULTS,
                CHECKPOINT_INTERVAL, null, DeliveryGuarantee.EXACTLY_ONCE, StartingOffsets.EARLIEST, true, id,
                PARTITIONS, null, Map.of(), Duration.ofHours(1), ComparisonSettings.NONE);
        Configuration environment = backend.configuration();
        LossMonitorJob.run(config, environment);
        return id + "-out";
    }
}

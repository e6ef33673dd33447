package io.lossmonitor.cli;

import io.lossmonitor.alert.AlertRulesFile;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ChampionChallenger;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.estimate.EstimationSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.RankingParameters;
import io.lossmonitor.loss.TripletDistance;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.StartingOffsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Option;

/** The options of {@code run}, with the contract's defaults; {@link #toConfig()} validates them together. */
public class RunOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--predictions-topic", defaultValue = "predictions", description = "Input topic (default: ${DEFAULT-VALUE}).")
    String predictionsTopic;

    @Option(names = "--labels-topic", paramLabel = "TOPIC",
            description = "Topic of label events {\"id\",\"label\",\"ts\"} joined to predictions by id (default: none, labels inline).")
    String labelsTopic;

    @Option(names = "--label-ttl", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Event time a prediction waits for its label, and a label for its prediction (default: ${DEFAULT-VALUE}).")
    Duration labelTtl;

    @Option(names = "--estimation-reference", defaultValue = "7d", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Event time of labelled outcomes a classifier's calibration map is learned from, before each window (default: ${DEFAULT-VALUE}).")
    Duration estimationReference;

    @Option(names = "--estimation-min-labels", defaultValue = "500", paramLabel = "N",
            description = "Labelled weight the reference needs before any estimate (default: ${DEFAULT-VALUE}).")
    long estimationMinLabels;

    @Option(names = "--join-time", defaultValue = "label", paramLabel = "label|prediction",
            description = "Event time of a joined outcome: when the label arrived, or when the prediction was made (default: ${DEFAULT-VALUE}).")
    JoinTime joinTime;

    @Option(names = "--output-topic", defaultValue = "model-loss", description = "Aggregates topic (default: ${DEFAULT-VALUE}).")
    String outputTopic;

    @Option(names = "--alerts-topic", defaultValue = "model-loss-alerts", description = "Alerts topic (default: ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(names = "--dlq-topic", defaultValue = "model-loss-dlq", description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String dlqTopic;

    @Option(names = "--window", defaultValue = "1m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Window size (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = "--slide", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Window slide; absent for tumbling windows.")
    Duration slide;

    @Option(names = "--out-of-orderness", defaultValue = "5s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Bounded out-of-orderness of event time (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--idleness", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A partition without events for this long stops holding back event time (default: ${DEFAULT-VALUE}; 0s disables).")
    Duration idleness;

    @Option(names = "--max-clock-skew", defaultValue = "1h", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Events and labels whose time is further ahead of the clock are dead-lettered and never move event time (default: ${DEFAULT-VALUE}; 0s disables).")
    Duration maxClockSkew;

    @Option(names = "--allowed-lateness", defaultValue = "0s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Late events within this update their window with a new revision (default: ${DEFAULT-VALUE}).")
    Duration allowedLateness;

    @Option(names = "--huber-delta", defaultValue = "1.0", description = "Huber δ (default: ${DEFAULT-VALUE}).")
    double huberDelta;

    @Option(names = "--focal-gamma", defaultValue = "2.0", description = "Focal loss γ (default: ${DEFAULT-VALUE}).")
    double focalGamma;

    @Option(names = "--focal-alpha", defaultValue = "0.25",
            description = "Binary focal loss α; negative disables it (default: ${DEFAULT-VALUE}).")
    double focalAlpha;

    @Option(names = "--epsilon", defaultValue = "1e-15", description = "Probability clip ε (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--per-class-limit", defaultValue = "" + LossParameters.DEFAULT_PER_CLASS_LIMIT, paramLabel = "N",
            description = "Models with more classes report no per-class metrics (per_class, macro_f1) (default: ${DEFAULT-VALUE}).")
    int perClassLimit;

    @Option(names = "--triplet-margin", defaultValue = "1.0", paramLabel = "M",
            description = "Margin m of triplet_loss (default: ${DEFAULT-VALUE}).")
    double tripletMargin;

    @Option(names = "--triplet-distance", defaultValue = "euclidean", paramLabel = "euclidean|squared|cosine",
            description = "Distance of triplets given as vectors: euclidean (PyTorch TripletMarginLoss), squared "
                    + "(FaceNet) or cosine (default: ${DEFAULT-VALUE}).")
    String tripletDistance;

    @Option(names = "--cosine-margin", defaultValue = "0.0", paramLabel = "M",
            description = "Margin m of cosine_embedding_loss for dissimilar pairs (default: ${DEFAULT-VALUE}).")
    double cosineMargin;

    @Option(names = "--pair-threshold", defaultValue = "0.5", paramLabel = "T",
            description = "A pair is called similar when its cosine is at least T, for pair_error_rate "
                    + "(default: ${DEFAULT-VALUE}).")
    double pairThreshold;

    @Option(names = "--max-dimensions", defaultValue = "" + EmbeddingParameters.DEFAULT_MAX_DIMENSIONS, paramLabel = "N",
            description = "Longest vector an embedding event may have; longer ones are dead-lettered "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxDimensions;

    @Option(names = "--ranking-k", defaultValue = "" + RankingParameters.DEFAULT_K, paramLabel = "K",
            description = "Cut-off k of the ranking metrics (ndcg_at_k, mrr_at_k, …): they read the first k items "
                    + "of each list (default: ${DEFAULT-VALUE}).")
    int rankingK;

    @Option(names = "--max-list-length", defaultValue = "" + RankingParameters.DEFAULT_MAX_LIST_LENGTH, paramLabel = "N",
            description = "Longest ranked list, or relevance label, an event may have; longer ones are "
                    + "dead-lettered (default: ${DEFAULT-VALUE}).")
    int maxListLength;

    @Option(names = "--alert-rules", paramLabel = "FILE",
            description = "YAML or JSON file of threshold and Page-Hinkley rules.")
    Path alertRules;

    @Option(names = "--no-default-alerts", description = "Turn off the default baseline rule.")
    boolean noDefaultAlerts;

    @Option(names = "--alert-z", defaultValue = "3.0",
            description = "Default rule: a rise must exceed this many standard errors (default: ${DEFAULT-VALUE}).")
    double alertZ;

    @Option(names = "--alert-min-rise", defaultValue = "0.2",
            description = "Default rule: and this fraction of the baseline (default: ${DEFAULT-VALUE}, i.e. 20 %%).")
    double alertMinRise;

    @Option(names = "--alert-min-count", defaultValue = "100",
            description = "Default rule: windows with fewer labelled events never fire (default: ${DEFAULT-VALUE}).")
    long alertMinCount;

    @Option(names = "--alert-warmup", defaultValue = "5",
            description = "Default rule: windows a key needs before its baseline is used (default: ${DEFAULT-VALUE}).")
    int alertWarmup;

    @Option(names = "--alert-resolve-after", defaultValue = "2",
            description = "Clear windows before a firing alert resolves (default: ${DEFAULT-VALUE}).")
    int alertResolveAfter;

    @Option(names = "--key-ttl", defaultValue = "3d", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A (model, version, segment) that sends nothing for this much event time loses its alert state and gauges (default: ${DEFAULT-VALUE}).")
    Duration keyTtl;

    @Option(names = "--compare", paramLabel = "CHAMPION:CHALLENGER",
            description = "Compare two models that score the same traffic, pairing their labelled predictions by id (repeatable).")
    List<String> compare = new ArrayList<>();

    @Option(names = "--comparisons-topic", defaultValue = ComparisonSettings.DEFAULT_TOPIC,
            description = "Comparisons topic (default: ${DEFAULT-VALUE}).")
    String comparisonsTopic;

    @Option(names = "--pair-ttl", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Event time a compared model's prediction waits for the other model's (default: ${DEFAULT-VALUE}).")
    Duration pairTtl;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Checkpoint (and so exactly-once commit) interval (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Checkpoint directory, e.g. s3://bucket/checkpoints (default: the cluster's, else a local temporary directory).")
    String checkpointDir;

    @Option(names = "--delivery", defaultValue = "exactly-once", converter = DeliveryConverter.class,
            paramLabel = "exactly-once|at-least-once", description = "Output guarantee (default: ${DEFAULT-VALUE}).")
    DeliveryGuarantee delivery;

    @Option(names = "--starting-offsets", defaultValue = "earliest", paramLabel = "earliest|latest|committed",
            description = "Where to start reading (default: ${DEFAULT-VALUE}).")
    StartingOffsets startingOffsets;

    @Option(names = "--bounded", description = "Read to the offsets present at start, fire all windows, commit and exit.")
    boolean bounded;

    @Option(names = "--group-id", defaultValue = "loss-monitor",
            description = "Consumer group, and prefix of the sinks' transactional ids (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: the environment's).")
    Integer parallelism;

    @Option(names = "--max-keys", paramLabel = "N",
            description = "Keep window state for at most N (model, version, segment) keys; the input of further keys is dead-lettered (default: no limit).")
    Long maxKeys;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka client property for the source and all sinks, e.g. security.protocol=SASL_SSL (repeatable).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", defaultValue = "30s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How long the pre-flight check waits for the brokers (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--create-topics", description = "Create missing output topics instead of refusing to start.")
    boolean createTopics;

    @Option(names = "--topic-partitions", paramLabel = "N",
            description = "Partitions of the output topics --create-topics creates (default: the brokers').")
    Integer topicPartitions;

    @Option(names = "--topic-replication-factor", paramLabel = "N",
            description = "Replication factor of the output topics --create-topics creates (default: the brokers').")
    Short topicReplicationFactor;

    /** The pre-flight check these options ask for. */
    public PreFlight preFlight(JobConfig config, Consumer<String> notes) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("--connect-timeout must be a positive duration, got " + connectTimeout);
        }
        return new PreFlight(config, connectTimeout,
                new TopicCreation(createTopics, topicPartitions, topicReplicationFactor), notes);
    }

    /** @throws IllegalArgumentException naming the option that is out of range */
    public JobConfig toConfig() {
        LossParameters params = new LossParameters(huberDelta, focalGamma, focalAlpha, epsilon, perClassLimit,
                new EmbeddingParameters(TripletDistance.named(tripletDistance), tripletMargin, cosineMargin,
                        pairThreshold, maxDimensions), new RankingParameters(rankingK, maxListLength));
        AlertSettings alerts = new AlertSettings(!noDefaultAlerts, alertZ, alertMinRise, alertMinCount, alertWarmup,
                alertResolveAfter, alertRules == null ? List.of() : AlertRulesFile.read(alertRules), keyTtl);
        return new JobConfig(bootstrapServers, predictionsTopic, labelsTopic, outputTopic, alertsTopic, dlqTopic,
                window, slide, outOfOrderness, idleness, allowedLateness, labelTtl, joinTime, params, alerts,
                checkpointInterval, checkpointDir, delivery, startingOffsets, bounded, groupId, parallelism, maxKeys,
                kafkaProperties, maxClockSkew, new ComparisonSettings(
                        compare.stream().map(ChampionChallenger::parse).toList(), comparisonsTopic, pairTtl),
                new EstimationSettings(estimationReference, estimationMinLabels));
    }
}

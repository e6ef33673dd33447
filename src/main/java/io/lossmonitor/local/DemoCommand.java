package io.lossmonitor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.alert.Inequality;
import io.lossmonitor.alert.ThresholdRule;
import io.lossmonitor.cli.DurationConverter;
import io.lossmonitor.cli.PrometheusEndpoint;
import io.lossmonitor.compare.ChampionChallenger;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.pipeline.StartingOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: a real Kafka broker and the real job in this JVM, fed by the traffic generator with event time
 * sped up, printing each window's losses per model as it closes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the job on an in-process Kafka broker and Flink MiniCluster with generated traffic, "
                + "and print each window's losses as it closes.")
public class DemoCommand implements Callable<Integer> {

    static final String PREDICTIONS = "predictions";
    static final String LABELS = "labels";
    /** fraud-detector's labels come this much event time after its predictions. */
    static final Duration FRAUD_LABEL_DELAY = Duration.ofMinutes(10);
    /**
     * The event time of fraud-detector's traffic before the demo begins, replayed first: what a model in production
     * has behind it, so that its calibration map is learned from labels before the demo's first window.
     */
    static final Duration FRAUD_HISTORY = Duration.ofMinutes(16);
    /** The rankers' clicks come this much event time after the lists were served. */
    static final Duration CLICK_DELAY = Duration.ofMinutes(1);
    /** fraud-detector degrades this long into the demo, and search-ranker-next starts to push the clicks down. */
    static final Duration FRAUD_DEGRADES_AFTER = Duration.ofMinutes(6);
    /** The rule that watches fraud-detector's estimated error rate. */
    static final String ESTIMATED_ERRORS_RULE = "fraud-estimated-errors";
    /** The rule that watches the collapsing encoder's triplet error rate. */
    static final String ENCODER_COLLAPSE_RULE = "encoder-collapse";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OUTPUT = "model-loss";
    static final String ALERTS = "model-loss-alerts";
    static final String DEAD_LETTERS = "model-loss-dlq";
    static final String COMPARISONS = ComparisonSettings.DEFAULT_TOPIC;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long and exit 0 (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "600", paramLabel = "N", description = "Events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--time-scale", defaultValue = "20", paramLabel = "X",
            description = "Event time runs X times faster than the wall clock; at 20 a one-minute window closes every 3 s (default: ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(names = "--seed", defaultValue = "42", description = "Traffic seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Serve the job's metrics for Prometheus on this port (default: not served).")
    Integer prometheusPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Configuration environment;
        try {
            environment = PrometheusEndpoint.on(prometheusPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            running.set(false);
            main.interrupt();
            try {
                stopped.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Starting an in-process Kafka broker…");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(2, PREDICTIONS, LABELS);
            broker.createTopics(1, OUTPUT, DEAD_LETTERS, COMPARISONS);
            String bootstrap = broker.bootstrapServers();
            System.out.println("Kafka broker at " + bootstrap + "  (e.g. kcat -b " + bootstrap + " -t " + OUTPUT
                    + " -C -X isolation.level=read_committed)");
            System.out.println("Topics: " + PREDICTIONS + " and " + LABELS + " (in), " + OUTPUT + " (aggregates), "
                    + COMPARISONS + " (comparisons), " + DEAD_LETTERS + " (dead letters)");

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(environment);
            LossMonitorJob.define(env, jobConfig(bootstrap));
            if (prometheusPort != null) {
                System.out.println("Metrics for Prometheus at http://localhost:" + prometheusPort + "/metrics");
            }
            JobClient job = env.executeAsync("loss-monitor-demo");
            System.out.printf("Job %s running. Event time runs %.0f× faster than the clock: a one-minute window "
                    + "closes every %.1f s.%n", job.getJobID(), timeScale, 60 / timeScale);
            System.out.println("Watch churn-calibrated and churn-overconfident: same error rate, different loss; "
                    + "they score the same customers, and the COMPARE line tells them apart.");
            System.out.println("fraud-detector's labels come 10 minutes late. It degrades six minutes in: watch "
                    + "estimated_error_rate, from its predictions alone, rise at once and alert, and error_rate follow "
                    + "when the labels arrive.");
            System.out.println("face-encoder and face-encoder-half embed the same triplets, the second at half the "
                    + "scale: the same triplet_error_rate, a higher triplet_loss, and COMPARE says so. "
                    + "face-encoder-collapsing starts to collapse six minutes in and alerts.");
            System.out.println("search-ranker and search-ranker-next serve lists for the same queries; their clicks "
                    + "come a minute later on the labels topic. Six minutes in, search-ranker-next starts to push the "
                    + "clicked items down its lists: its ndcg_at_k falls more than its hit_rate_at_k, COMPARE declares "
                    + "it worse (higher is better), and the default rule fires on the drop.");

            long start = alignedStart();
            TrafficProducer producer = new TrafficProducer(bootstrap, Map.of(), PREDICTIONS,
                    new SyntheticTraffic(seed, FRAUD_HISTORY.plus(FRAUD_DEGRADES_AFTER).toMillis()), rate, timeScale,
                    LABELS, DemoCommand::labelDelay);
            producer.history(start - FRAUD_HISTORY.toMillis(), start, SyntheticTraffic.FRAUD::equals);
            Thread generator = new Thread(() -> producer.run(start, null), "traffic-generator");
            generator.setDaemon(true);
            generator.start();
            try {
                printWindows(bootstrap, running, start);
            } finally {
                producer.stop();
                generator.join(10_000);
                producer.close();
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            System.out.println("\nDemo stopped.");
        } finally {
            stopped.countDown();
            if (running.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }

    private JobConfig jobConfig(String bootstrap) {
        ThresholdRule estimatedErrors = new ThresholdRule(ESTIMATED_ERRORS_RULE, Metric.ESTIMATED_ERROR_RATE,
                Inequality.GREATER, 0.15, SyntheticTraffic.FRAUD, null, null, 50, null);
        ThresholdRule collapse = new ThresholdRule(ENCODER_COLLAPSE_RULE, Metric.TRIPLET_ERROR_RATE,
                Inequality.GREATER, 0.25, SyntheticTraffic.ENCODER_COLLAPSING, null, null, 50, null);
        AlertSettings alerts = new AlertSettings(true, AlertSettings.DEFAULTS.zThreshold(),
                AlertSettings.DEFAULTS.minRelativeRise(), AlertSettings.DEFAULTS.minCount(),
                AlertSettings.DEFAULTS.warmupWindows(), AlertSettings.DEFAULTS.resolveAfter(),
                List.of(estimatedErrors, collapse),
                AlertSettings.DEFAULT_KEY_TTL);
        return new JobConfig(bootstrap, PREDICTIONS, LABELS, OUTPUT, ALERTS, DEAD_LETTERS, Duration.ofMinutes(1), null,
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1), JoinTime.LABEL,
                LossParameters.DEFAULTS, alerts, Duration.ofSeconds(1), null,
                DeliveryGuarantee.EXACTLY_ONCE, StartingOffsets.EARLIEST, false,
                // Event time runs ahead of the clock by design here: no clock guard.
                "loss-monitor-demo", 2, null, Map.of(), Duration.ZERO, new ComparisonSettings(
                        List.of(new ChampionChallenger(SyntheticTraffic.CALIBRATED, SyntheticTraffic.OVERCONFIDENT),
                                new ChampionChallenger(SyntheticTraffic.ENCODER,
                                        SyntheticTraffic.ENCODER_HALF_SCALE),
                                new ChampionChallenger(SyntheticTraffic.RANKER, SyntheticTraffic.RANKER_NEXT)),
                        COMPARISONS, ComparisonSettings.DEFAULT_PAIR_TTL));
    }

    /** How late a model's labels come on the labels topic; null for the models whose labels come inline. */
    static Duration labelDelay(String model) {
        return switch (model) {
            case SyntheticTraffic.FRAUD -> FRAUD_LABEL_DELAY;
            case SyntheticTraffic.RANKER, SyntheticTraffic.RANKER_NEXT -> CLICK_DELAY;
            default -> null;
        };
    }

    /** Event time starts at the current minute, so the first window is a whole one. */
    private static long alignedStart() {
        long now = System.currentTimeMillis();
        return now - now % 60_000;
    }

    /** Prints the windows from {@code start} on as they settle; those of the replayed history are not shown. */
    private void printWindows(String bootstrap, AtomicBoolean running, long start) {
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        WindowPrinter printer = new WindowPrinter(System.out);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "loss-monitor-demo-printer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(OUTPUT, ALERTS, COMPARISONS));
            while (running.get() && System.nanoTime() < end) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                        JsonNode value = JSON.readTree(record.value());
                        if (Instant.parse(value.get("window_start").asText()).toEpochMilli() < start) {
                            continue;
                        }
                        if (record.topic().equals(ALERTS)) {
                            JsonNode alert = value;
                            printer.addLine(alert.get("window_start").asText(), String.format(Locale.ROOT,
                                    "  ALERT %-8s %-23s %s", alert.get("state").asText(), alert.get("model").asText(),
                                    alert.get("message").asText()));
                        } else if (record.topic().equals(COMPARISONS)) {
                            printer.addLine(value.get("window_start").asText(), ComparisonLine.of(value));
                        } else {
                            printer.add(AggregateTable.parse(record.value()));
                        }
                    }
                } catch (org.apache.kafka.common.errors.InterruptException e) {
                    break;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                printer.printSettled(System.nanoTime());
            }
            printer.printAll();
        }
    }
}

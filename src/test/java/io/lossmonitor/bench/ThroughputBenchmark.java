package io.lossmonitor.bench;

import com.sun.management.OperatingSystemMXBean;
import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.bench.jmh.EventPathBenchmark;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.estimate.CalibrationReference;
import io.lossmonitor.estimate.ReferenceOutcomes;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.PredictionParser;
import io.lossmonitor.io.VectorReduction;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.local.EmbeddedKafkaBroker;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import io.lossmonitor.pipeline.StartingOffsets;
import io.lossmonitor.testing.Parsers;
import io.lossmonitor.window.ModelKey;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.util.MiniClusterWithClientResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The project's benchmark: on one in-process broker, times a plain consumer (the floor), the job (bounded,
 * exactly-once) and the Flink SQL peer on the same topic, with start-up taken out by a tiny topic; then key scale,
 * sliding windows, state bytes per key and heap growth. Prints records/s and the ratios to quote.
 */
@Command(name = "bench", mixinStandardHelpOptions = true)
public class ThroughputBenchmark implements Callable<Integer> {

    /** JIT compile time is printed with each measurement: on two cores the compiler threads compete for CPU. */
    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();
    /** CPU time of the whole process (broker, producer and cluster included); HotSpot's bean has it. */
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Option(names = "--events", defaultValue = "5000000", description = "Events on the main topic.")
    long events;

    @Option(names = "--tiny", defaultValue = "20000", description = "Events on the start-up topic.")
    long tiny;

    @Option(names = "--models", defaultValue = "8")
    int models;

    @Option(names = "--partitions", defaultValue = "2")
    int partitions;

    @Option(names = "--scale-events", defaultValue = "5000000", description = "Events per key-scale run.")
    long scaleEvents;

    @Option(names = "--scale-keys", defaultValue = "8,1000,100000", split = ",")
    List<Integer> scaleKeys;

    @Option(names = "--heap-events", defaultValue = "1000000,10000000", split = ",",
            description = "Events for the heap check (parse + accumulate, no Kafka).")
    List<Long> heapEvents;

    @Option(names = "--warmups", defaultValue = "3",
            description = "Untimed rounds of the measurements first, so that the timed ones run compiled code: the "
                    + "broker, the Kafka clients and Flink keep the JIT compiler busy for minutes.")
    int warmups;

    @Option(names = "--repeats", defaultValue = "3",
            description = "Timed rounds of the measurements; the median time of each is used.")
    int repeats;

    @Option(names = "--binary", description = "Binary classifier events instead of regression ones, and the SQL peer's "
            + "cross-entropy, error rate and Brier score: the job then also keeps the score cells and the reference "
            + "of its estimated performance.")
    boolean binary;

    @Option(names = "--triplets", defaultValue = "0", paramLabel = "DIMENSIONS",
            description = "An encoder's triplets of vectors of this many dimensions instead, against the plain consumer "
                    + "in records/s and MB/s of input (no SQL peer computes a triplet loss; the sliding and key-scale "
                    + "runs are left out).")
    int tripletDimensions;

    @Option(names = "--ranked-lists", defaultValue = "0", paramLabel = "LENGTH",
            description = "A ranker's served lists of this many items, with their clicks inline, instead, against the "
                    + "plain consumer in records/s and MB/s of input (no SQL peer computes NDCG over JSON lists; the "
                    + "sliding and key-scale runs are left out).")
    int rankedListLength;

    @Option(names = "--skip-peer", description = "Leave out the Flink SQL peer and the sliding-window run (profiling).")
    boolean skipPeer;

    /** The bytes of the main topic's record values. */
    private long bigTopicBytes;

    /** Named figures of one run, in the order measured. */
    public static final class Report {
        public final Map<String, Double> figures = new LinkedHashMap<>();
        public String peerOutputTopic;
        public String jobOutputTopic;

        void put(String name, double value) {
            figures.put(name, value);
            // Ratios are the figures to quote, so they get two decimals; rates and sizes need none.
            String format = name.startsWith("ratio") ? "%-52s %16.2f%n" : "%-52s %,16.1f%n";
            System.out.printf(Locale.ROOT, format, name, value);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ThroughputBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        run();
        return 0;
    }

    public Report run() throws Exception {
        if (repeats < 1 || warmups < 0) {
            throw new IllegalArgumentException("--repeats must be at least 1 and --warmups at least 0, got "
                    + repeats + " and " + warmups);
        }
        Report report = new Report();
        System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MiB, %s %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        boolean triplets = tripletDimensions > 0;
        boolean rankedLists = rankedListLength > 0;
        System.out.printf(Locale.ROOT,
                "%s events %,d (%d models, %d partitions), start-up topic %,d, median of %d after %d warm-up%n",
                rankedLists ? "ranking-" + rankedListLength : triplets ? "triplet-" + tripletDimensions
                        : binary ? "binary" : "regression", events, models,
                partitions, tiny, repeats, warmups);
        // One cluster for every job and SQL run, as a long-running cluster would be; starting one per run cost about
        // 1.5 s of every run.
        MiniClusterWithClientResource cluster = new MiniClusterWithClientResource(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(partitions)
                        .build());
        cluster.before();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            String big = topic(broker, producer, "bench-big", events, models, Duration.ofMinutes(100));
            String small = topic(broker, producer, "bench-tiny", tiny, models, Duration.ofMinutes(100));

            Measurement consumer = new Measurement("plain consumer", events, tiny,
                    () -> consume(bootstrap, big), () -> consume(bootstrap, small));
            Measurement job = new Measurement("job (bounded, exactly-once)", events, tiny,
                    () -> report.jobOutputTopic = runJob(broker, big, null), () -> runJob(broker, small, null));
            List<Measurement> measurements = new ArrayList<>(List.of(consumer, job));
            Measurement peer = new Measurement("Flink SQL peer (exactly-once)", events, tiny,
                    () -> report.peerOutputTopic = runPeer(broker, big), () -> runPeer(broker, small));
            Measurement sliding = new Measurement("job, sliding 1m/6s (size/slide = 10)", events, tiny,
                    () -> runJob(broker, big, Duration.ofSeconds(6)),
                    () -> runJob(broker, small, Duration.ofSeconds(6)));
            if (!skipPeer && !triplets && !rankedLists) {
                measurements.add(peer);
                measurements.add(sliding);
            }
            Map<Measurement, Double> rates = marginal(report, measurements);
            report.put("ratio job / plain consumer", rates.get(job) / rates.get(consumer));
            if (triplets || rankedLists) {
                double megabytesPerRecord = bigTopicBytes / (double) events / 1e6;
                report.put("input bytes per record", megabytesPerRecord * 1e6);
                report.put("plain consumer: MB/s of input", rates.get(consumer) * megabytesPerRecord);
                report.put("job (bounded, exactly-once): MB/s of input", rates.get(job) * megabytesPerRecord);
                return withStateSizes(report);
            }
            if (!skipPeer) {
                report.put("ratio job / SQL peer", rates.get(job) / rates.get(peer));
                OutputComparison.compare(report, bootstrap, report.jobOutputTopic, report.peerOutputTopic, binary);
                report.put("ratio sliding / tumbling", rates.get(sliding) / rates.get(job));
            }
            scale(report, broker, producer);
        } finally {
            cluster.after();
        }
        return withStateSizes(report);
    }

    /** The state sizes per key and the heap check, added to the report. */
    private Report withStateSizes(Report report) throws Exception {
        for (String task : STATE_TASKS) {
            for (int events : STATE_EVENTS) {
                report.put(stateBytesName(task, events), stateBytesPerKey(task, events));
                if (hasReference(task)) {
                    report.put(referenceBytesName(task, events), referenceBytesPerKey(task, events));
                }
            }
        }
        for (long n : heapEvents) {
            report.put("heap MiB after accumulating " + n + " events", heapAfter(n) / (1024.0 * 1024.0));
        }
        return report;
    }

    private void scale(Report report, EmbeddedKafkaBroker broker, KafkaProducer<byte[], byte[]> producer)
            throws Exception {
        List<Measurement> measurements = new ArrayList<>();
        for (int keys : scaleKeys) {
            String scale = topic(broker, producer, "bench-keys-" + keys, scaleEvents, keys, Duration.ofSeconds(59));
            String scaleTiny = topic(broker, producer, "bench-keys-tiny-" + keys, tiny, keys, Duration.ofSeconds(59));
            measurements.add(new Measurement("job, " + keys + " keys", scaleEvents, tiny,
                    () -> runJob(broker, scale, null), () -> runJob(broker, scaleTiny, null)));
        }
        Map<Measurement, Double> rates = marginal(report, measurements);
        report.put("ratio " + scaleKeys.get(scaleKeys.size() - 1) + " keys / " + scaleKeys.get(0) + " keys",
                rates.get(measurements.get(measurements.size() - 1)) / rates.get(measurements.get(0)));
    }

    /** A run that returns when done. */
    interface Run {
        void run() throws Exception;
    }

    /** One thing to time: its run over the big topic of {@code big} records and over the start-up topic. */
    record Measurement(String name, long big, long tiny, Run bigRun, Run tinyRun) {}

    /**
     * Marginal records/s of each measurement: its median time on the big topic minus its median time on the tiny
     * one, so that start-up and the wait for the final checkpoint cancel. The measurements are timed in rounds, each
     * running every measurement once on both topics, in turn, the order reversed every other round: all of them
     * then share the same stretches of the run, as the JIT compiler stays busy for minutes and whatever ran first
     * alone would pay for it. {@link #warmups} untimed rounds come first, then {@link #repeats} timed ones.
     */
    Map<Measurement, Double> marginal(Report report, List<Measurement> measurements) throws Exception {
        int n = measurements.size();
        for (int w = 0; w < warmups; w++) {
            for (Measurement m : measurements) {
                m.tinyRun().run();
                m.bigRun().run();
            }
        }
        long[][] tinyNanos = new long[n][repeats];
        long[][] bigNanos = new long[n][repeats];
        long[][] bigCpuNanos = new long[n][repeats];
        long[] compileMillis = new long[n];
        for (int r = 0; r < repeats; r++) {
            for (int k = 0; k < n; k++) {
                int i = r % 2 == 0 ? k : n - 1 - k;
                Measurement m = measurements.get(i);
                long compiled = COMPILER.getTotalCompilationTime();
                long t0 = System.nanoTime();
                m.tinyRun().run();
                long t1 = System.nanoTime();
                long cpu = PROCESS.getProcessCpuTime();
                m.bigRun().run();
                long t2 = System.nanoTime();
                tinyNanos[i][r] = t1 - t0;
                bigNanos[i][r] = t2 - t1;
                bigCpuNanos[i][r] = PROCESS.getProcessCpuTime() - cpu;
                compileMillis[i] += COMPILER.getTotalCompilationTime() - compiled;
            }
        }
        Map<Measurement, Double> rates = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Measurement m = measurements.get(i);
            double rate = (m.big() - m.tiny()) / ((median(bigNanos[i]) - median(tinyNanos[i])) / 1e9);
            rates.put(m, rate);
            report.put(m.name() + ": records/s (marginal)", rate);
            double wallMillis = (Arrays.stream(bigNanos[i]).sum() + Arrays.stream(tinyNanos[i]).sum()) / 1e6;
            System.out.printf(Locale.ROOT, "    seconds, big topic %s; tiny topic %s; JIT compiling for %.0f %% of "
                    + "these runs' time%n", seconds(bigNanos[i]), seconds(tinyNanos[i]),
                    100 * compileMillis[i] / wallMillis);
            // Wall time alone cannot say whether a measurement was short of CPU; CPU seconds close to the number of
            // cores times the wall seconds mean it was.
            System.out.printf(Locale.ROOT, "    CPU seconds of the whole process over the big topic %s (%d cores)%n",
                    seconds(bigCpuNanos[i]), Runtime.getRuntime().availableProcessors());
        }
        return rates;
    }

    private static String seconds(long[] nanos) {
        return Arrays.stream(nanos).mapToObj(n -> String.format(Locale.ROOT, "%.2f", n / 1e9))
                .collect(Collectors.joining(" "));
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private String topic(EmbeddedKafkaBroker broker, KafkaProducer<byte[], byte[]> producer, String prefix, long n,
                         int keys, Duration span) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopics(partitions, topic);
        long bytes = BenchmarkTraffic.produce(producer, topic, partitions, n, keys, span.toMillis(), binary,
                tripletDimensions, rankedListLength);
        if (n == events) {
            bigTopicBytes = bytes;
        }
        return topic;
    }

    private String runJob(EmbeddedKafkaBroker broker, String input, Duration slide) throws Exception {
        String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String output = id + "-out";
        broker.createTopics(1, output, id + "-alerts", id + "-dlq");
        LossMonitorJob.run(new JobConfig(broker.bootstrapServers(), input, null, output, id + "-alerts", id + "-dlq",
                Duration.ofMinutes(1), slide, Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ofHours(1),
                JoinTime.LABEL, LossParameters.DEFAULTS, AlertSettings.DEFAULTS, Duration.ofSeconds(1),
                null, DeliveryGuarantee.EXACTLY_ONCE, StartingOffsets.EARLIEST, true, id, partitions, null,
                Map.of(), Duration.ofHours(1), ComparisonSettings.NONE));
        return output;
    }

    private String runPeer(EmbeddedKafkaBroker broker, String input) throws Exception {
        String id = "peer-" + UUID.randomUUID().toString().substring(0, 8);
        String output = id + "-out";
        broker.createTopics(1, output);
        PeerQuery.run(broker.bootstrapServers(), input, output, partitions, id, binary);
        return output;
    }

    /** Reads every record of the topic with one consumer; returns the count. */
    static long consume(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000))) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long bytes = 0;
            while (read < total) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    read++;
                    bytes += r.value().length;
                }
            }
            return read + (bytes & 0);
        }
    }

    /** The tasks and window sizes whose state per key is measured. */
    static final List<String> STATE_TASKS = List.of("binary", "multiclass-10", "regression", "triplet", "pair",
            "ranking");

    /** Whether a task's windows keep an estimation reference (classifiers). */
    static boolean hasReference(String task) {
        return task.equals("binary") || task.startsWith("multiclass");
    }
    static final List<Integer> STATE_EVENTS = List.of(1_000, 100_000);

    static String stateBytesName(String task, int events) {
        return String.format(Locale.ROOT, "state bytes per key, %s, %,d events (serialized accumulator)", task,
                events);
    }

    /** The serialized size of one key's accumulator after {@code events} events of a task, scores spread widely. */
    static double stateBytesPerKey(String task, int events) throws Exception {
        TypeSerializer<LossAccumulator> serializer =
                TypeInformation.of(LossAccumulator.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(512);
        serializer.serialize(accumulated(task, events), out);
        return out.length();
    }

    static String referenceBytesName(String task, int events) {
        return String.format(Locale.ROOT, "estimation reference bytes per key, %s, %,d labelled events", task, events);
    }

    /**
     * The serialized size of a key's estimation reference in total after {@code events} labelled events of a task
     * (each bucket of the reference holds at most as much).
     */
    static double referenceBytesPerKey(String task, int events) throws Exception {
        CalibrationReference reference = new CalibrationReference();
        reference.total = ReferenceOutcomes.of(accumulated(task, events).scoreCells());
        TypeSerializer<CalibrationReference> serializer =
                TypeInformation.of(CalibrationReference.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(512);
        serializer.serialize(reference, out);
        return out.length();
    }

    private static LossAccumulator accumulated(String task, int events) throws Exception {
        PredictionParser parser = Parsers.prediction();
        LossAccumulator acc = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        Random random = new Random(1);
        for (int i = 0; i < events; i++) {
            String json = switch (task) {
                case "binary" -> String.format(Locale.ROOT,
                        "{\"model\":\"m\",\"ts\":%d,\"probability\":%.6f,\"label\":%d}", i, random.nextDouble(),
                        random.nextInt(2));
                case "regression" -> String.format(Locale.ROOT,
                        "{\"model\":\"m\",\"ts\":%d,\"prediction\":%.4f,\"label\":%.4f}", i,
                        100 + random.nextGaussian(), 100 + random.nextGaussian());
                case "triplet" -> String.format(Locale.ROOT,
                        "{\"model\":\"m\",\"ts\":%d,\"distance_positive\":%.6f,\"distance_negative\":%.6f}", i,
                        random.nextDouble() * 2, random.nextDouble() * 2);
                case "pair" -> EventPathBenchmark.embedding(false, 8, random, "m", i, "p-" + i);
                case "ranking" -> EventPathBenchmark.rankedList(20, random, "m", i, "q-" + i);
                default -> multiclass(random, i);
            };
            PredictionEvent event = parser.parse(json.getBytes(StandardCharsets.UTF_8), 0);
            VectorReduction.reduce(event, EmbeddingParameters.DEFAULTS);
            acc.add(event, LossParameters.DEFAULTS, scratch);
        }
        return acc;
    }

    private static String multiclass(Random random, int i) {
        double[] p = new double[10];
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = random.nextDouble();
            sum += p[c];
        }
        StringBuilder s = new StringBuilder("{\"model\":\"m\",\"ts\":").append(i).append(",\"probabilities\":[");
        for (int c = 0; c < p.length; c++) {
            s.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", p[c] / sum));
        }
        return s.append("],\"label\":").append(random.nextInt(10)).append('}').toString();
    }

    /** Used heap after a full GC, having parsed and accumulated n events into 8 keys' accumulators. */
    static long heapAfter(long n) throws Exception {
        PredictionParser parser = Parsers.prediction();
        ScoredEvent scratch = new ScoredEvent();
        Map<ModelKey, LossAccumulator> state = new HashMap<>();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            records.add(String.format(Locale.ROOT, "{\"model\":\"m%d\",\"ts\":%d,\"prediction\":%.3f,\"label\":%.3f}",
                    i % 8, i, i * 0.1, i * 0.11).getBytes(StandardCharsets.UTF_8));
        }
        for (long i = 0; i < n; i++) {
            PredictionEvent e = parser.parse(records.get((int) (i & 1023)), 0);
            state.computeIfAbsent(ModelKey.of(e), k -> LossAccumulator.empty()).add(e, LossParameters.DEFAULTS, scratch);
        }
        System.gc();
        Thread.sleep(200);
        System.gc();
        long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        if (state.size() != 8) {
            throw new IllegalStateException("expected 8 keys, got " + state.size());
        }
        return used;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
    }
}

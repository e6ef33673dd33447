package io.lossmonitor.bench.jmh;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.PredictionParser;
import io.lossmonitor.io.VectorReduction;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.testing.Parsers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event path of the job — parse the record's bytes, validate, reduce an encoder's vectors to distances,
 * accumulate — for each input form.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventPathBenchmark {

    private static final int RECORDS = 1024;

    @Param({"regression", "binary", "binary-logit", "multiclass-10", "multiclass-10-logits", "triplet-256",
            "pair-256", "ranking-20"})
    public String form;

    private byte[][] records;
    private int next;
    private final PredictionParser parser = Parsers.prediction();
    private final ScoredEvent scratch = new ScoredEvent();
    private LossAccumulator accumulator;

    @Setup
    public void setUp() {
        Random random = new Random(3);
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = record(form, random, i).getBytes(StandardCharsets.UTF_8);
        }
        accumulator = LossAccumulator.empty();
    }

    @Benchmark
    public long parseValidateAccumulate() throws InvalidEventException {
        PredictionEvent event = parser.parse(records[next++ & (RECORDS - 1)], 0);
        VectorReduction.reduce(event, EmbeddingParameters.DEFAULTS);
        accumulator.add(event, LossParameters.DEFAULTS, scratch);
        return accumulator.labelledEvents();
    }

    /** One record of an input form: a task, and for encoders its dimension ({@code triplet-256}, {@code pair-256}). */
    public static String record(String form, Random random, int i) {
        long ts = 1_795_860_000_000L + i;
        return switch (form) {
            case "regression" -> String.format(Locale.ROOT,
                    "{\"model\":\"price\",\"version\":\"v3\",\"ts\":%d,\"prediction\":%.4f,\"label\":%.4f}",
                    ts, 100 + random.nextGaussian(), 100 + random.nextGaussian());
            case "binary" -> String.format(Locale.ROOT,
                    "{\"model\":\"churn\",\"ts\":%d,\"probability\":%.6f,\"label\":%s}",
                    ts, random.nextDouble(), random.nextBoolean());
            case "binary-logit" -> String.format(Locale.ROOT,
                    "{\"model\":\"fraud\",\"ts\":%d,\"logits\":%.6f,\"label\":%d}",
                    ts, 3 * random.nextGaussian(), random.nextInt(2));
            case "multiclass-10", "multiclass-10-logits" -> multiclass(form.endsWith("logits"), random, ts);
            default -> {
                if (form.startsWith("ranking-")) {
                    yield rankedList(Integer.parseInt(form.substring(form.indexOf('-') + 1)), random, "search", ts,
                            "q-" + i);
                }
                if (form.startsWith("triplet-") || form.startsWith("pair-")) {
                    yield embedding(form.startsWith("triplet-"), Integer.parseInt(form.substring(form.indexOf('-') + 1)),
                            random, "encoder", ts, "e-" + i);
                }
                throw new IllegalArgumentException(form);
            }
        };
    }

    /**
     * A served list of {@code length} items (at least 8) of a catalogue of 100,000, with its scores, and its clicks
     * inline: one or two items near the top, now and then none.
     */
    public static String rankedList(int length, Random random, String model, long ts, String id) {
        StringBuilder s = new StringBuilder("{\"model\":\"").append(model).append("\",\"id\":\"").append(id)
                .append("\",\"ts\":").append(ts).append(",\"items\":[");
        String[] items = new String[length];
        for (int i = 0; i < length; i++) {
            // Positions make the items of one list distinct; the catalogue number varies between lists.
            items[i] = "sku-" + (i * 100_000 + random.nextInt(100_000));
            s.append(i == 0 ? "" : ",").append('"').append(items[i]).append('"');
        }
        s.append("],\"scores\":[");
        for (int i = 0; i < length; i++) {
            s.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", 1.0 - (double) i / length));
        }
        s.append("],\"relevant\":[");
        int clicks = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(2);
        for (int c = 0; c < clicks; c++) {
            // The c-th click among positions [4c, 4c + 4): near the top, and never one item twice.
            s.append(c == 0 ? "" : ",").append('"').append(items[Math.min(length - 1 - c, 4 * c + random.nextInt(4))])
                    .append('"');
        }
        return s.append("]}").toString();
    }

    /** A triplet (anchor, positive, negative) or a labelled pair of embeddings, components to four decimals. */
    public static String embedding(boolean triplet, int dimensions, Random random, String model, long ts, String id) {
        StringBuilder s = new StringBuilder("{\"model\":\"").append(model).append("\",\"id\":\"").append(id)
                .append("\",\"ts\":").append(ts);
        for (String field : triplet ? new String[] {"anchor", "positive", "negative"} : new String[] {"x1", "x2"}) {
            s.append(",\"").append(field).append("\":[");
            for (int d = 0; d < dimensions; d++) {
                s.append(d == 0 ? "" : ",").append(Math.round(random.nextGaussian() * 10_000) / 10_000.0);
            }
            s.append(']');
        }
        return (triplet ? s : s.append(",\"label\":").append(random.nextBoolean() ? 1 : -1)).append('}').toString();
    }

    private static String multiclass(boolean logits, Random random, long ts) {
        double[] values = new double[10];
        double sum = 0;
        for (int c = 0; c < values.length; c++) {
            values[c] = logits ? random.nextGaussian() : random.nextDouble();
            sum += values[c];
        }
        StringBuilder s = new StringBuilder("{\"model\":\"digits\",\"ts\":").append(ts)
                .append(logits ? ",\"logits\":[" : ",\"probabilities\":[");
        for (int c = 0; c < values.length; c++) {
            s.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", logits ? values[c] : values[c] / sum));
        }
        return s.append("],\"label\":").append(random.nextInt(10)).append('}').toString();
    }
}

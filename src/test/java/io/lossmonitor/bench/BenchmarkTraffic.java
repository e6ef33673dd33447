package io.lossmonitor.bench;

import io.lossmonitor.bench.jmh.EventPathBenchmark;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the benchmark's events (small JSON records of a regressor or of a binary classifier, an encoder's triplets
 * of vectors, or a ranker's served lists with their clicks; many models, spread over event time) to a topic.
 */
final class BenchmarkTraffic {

    /** 2026-11-28T10:00:00Z. */
    static final long START = 1_795_860_000_000L;

    private BenchmarkTraffic() {}

    /**
     * @param keys distinct models
     * @param eventTimeSpanMillis event time the events are spread over, in order
     * @param binary binary classifier events (a probability and a label of 0 or 1) instead of regression ones
     * @param tripletDimensions above 0: triplets of vectors of this many dimensions instead
     * @param rankedListLength above 0: a ranker's served lists of this many items, with their clicks, instead
     * @return the bytes of the records' values
     */
    static long produce(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, long events, int keys,
                        long eventTimeSpanMillis, boolean binary, int tripletDimensions, int rankedListLength) {
        Random random = new Random(1);
        long bytes = 0;
        for (long i = 0; i < events; i++) {
            long ts = START + (long) ((double) i / events * eventTimeSpanMillis);
            String json;
            if (rankedListLength > 0) {
                json = EventPathBenchmark.rankedList(rankedListLength, random, "m" + i % keys, ts, "q-" + i);
            } else if (tripletDimensions > 0) {
                json = EventPathBenchmark.embedding(true, tripletDimensions, random, "m" + i % keys, ts, "t-" + i);
            } else if (binary) {
                double p = 1 / (1 + Math.exp(-1.5 * random.nextGaussian()));
                int label = random.nextDouble() < p ? 1 : 0;
                json = String.format(Locale.ROOT, "{\"model\":\"m%d\",\"ts\":%d,\"probability\":%.6f,\"label\":%d}",
                        i % keys, ts, p, label);
            } else {
                double label = 100 + 10 * random.nextGaussian();
                double prediction = label + 2 * random.nextGaussian();
                json = String.format(Locale.ROOT, "{\"model\":\"m%d\",\"ts\":%d,\"prediction\":%.4f,\"label\":%.4f}",
                        i % keys, ts, prediction, label);
            }
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            bytes += value.length;
            producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, value));
        }
        producer.flush();
        return bytes;
    }
}

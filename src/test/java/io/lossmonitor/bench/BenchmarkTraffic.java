package io.lossmonitor.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes the benchmark's regression events (small JSON records, many models, spread over event time) to a topic. */
final class BenchmarkTraffic {

    /** 2026-11-28T10:00:00Z. */
    static final long START = 1_795_860_000_000L;

    private BenchmarkTraffic() {}

    /**
     * @param keys distinct models
     * @param eventTimeSpanMillis event time the events are spread over, in order
     */
    static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, long events, int keys,
                        long eventTimeSpanMillis) {
        Random random = new Random(1);
        for (long i = 0; i < events; i++) {
            long ts = START + (long) ((double) i / events * eventTimeSpanMillis);
            double label = 100 + 10 * random.nextGaussian();
            double prediction = label + 2 * random.nextGaussian();
            String json = String.format(Locale.ROOT,
                    "{\"model\":\"m%d\",\"ts\":%d,\"prediction\":%.4f,\"label\":%.4f}", i % keys, ts, prediction, label);
            producer.send(new ProducerRecord<>(topic, (int) (i % partitions), null, json.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }
}

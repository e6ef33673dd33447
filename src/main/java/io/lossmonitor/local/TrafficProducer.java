package io.lossmonitor.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends {@link SyntheticTraffic} to a Kafka topic at a steady rate; event time follows the wall clock, sped up by
 * a time scale so that a demo sees minute windows close every few seconds.
 */
public final class TrafficProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SyntheticTraffic traffic;
    private final double eventsPerSecond;
    private final double timeScale;
    private final String labelsTopic;
    /** The event time between a model's predictions and their labels on the labels topic; null: labels inline. */
    private final Function<String, Duration> labelDelays;
    /** Labels waiting for their wall-clock send time: (due nanos, label event). */
    private final java.util.PriorityQueue<PendingLabel> pendingLabels =
            new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(PendingLabel::dueNanos));
    private volatile boolean stopped;
    private long sent;

    private record PendingLabel(long dueNanos, String event) {}

    public TrafficProducer(String bootstrapServers, Map<String, String> kafkaProperties, String topic,
                           SyntheticTraffic traffic, double eventsPerSecond, double timeScale) {
        this(bootstrapServers, kafkaProperties, topic, traffic, eventsPerSecond, timeScale, null, Duration.ZERO,
                model -> false);
    }

    /**
     * @param labelsTopic when set, predictions go out without labels and each label follows on this topic
     * @param labelDelay event time between a prediction and its label (sent that much later, scaled)
     */
    public TrafficProducer(String bootstrapServers, Map<String, String> kafkaProperties, String topic,
                           SyntheticTraffic traffic, double eventsPerSecond, double timeScale, String labelsTopic,
                           Duration labelDelay) {
        this(bootstrapServers, kafkaProperties, topic, traffic, eventsPerSecond, timeScale, labelsTopic, labelDelay,
                model -> true);
    }

    /** @param lateLabels the models whose labels follow on {@code labelsTopic}; the others' come inline */
    public TrafficProducer(String bootstrapServers, Map<String, String> kafkaProperties, String topic,
                           SyntheticTraffic traffic, double eventsPerSecond, double timeScale, String labelsTopic,
                           Duration labelDelay, Predicate<String> lateLabels) {
        this(bootstrapServers, kafkaProperties, topic, traffic, eventsPerSecond, timeScale, labelsTopic,
                model -> lateLabels.test(model) ? labelDelay : null);
    }

    /**
     * @param labelDelays for each model, the event time its labels follow on {@code labelsTopic}; null for a model
     *     whose labels come inline
     */
    public TrafficProducer(String bootstrapServers, Map<String, String> kafkaProperties, String topic,
                           SyntheticTraffic traffic, double eventsPerSecond, double timeScale, String labelsTopic,
                           Function<String, Duration> labelDelays) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(config);
        this.topic = topic;
        this.traffic = traffic;
        this.eventsPerSecond = eventsPerSecond;
        this.timeScale = timeScale;
        this.labelsTopic = labelsTopic;
        this.labelDelays = labelDelays;
    }

    /**
     * Sends the traffic of {@code models} over the event time [from, to) at once, ticks as far apart as a run at this
     * producer's rate makes them, as it was before a run begins: the labels known by {@code to} with it, the later
     * ones when their time comes during the run.
     */
    public void history(long from, long to, Predicate<String> models) {
        List<SyntheticTraffic.Generated> tick = traffic.generate(from);
        double ticksPerEventSecond = eventsPerSecond / tick.size() / timeScale;
        long step = Math.max(1, Math.round(1_000 / ticksPerEventSecond));
        for (long eventTime = from; eventTime < to; eventTime += step) {
            if (eventTime > from) {
                tick = traffic.generate(eventTime);
            }
            for (SyntheticTraffic.Generated event : tick) {
                if (models.test(event.model())) {
                    emit(event, eventTime, to);
                }
            }
        }
        while (!pendingLabels.isEmpty() && pendingLabels.peek().dueNanos() <= System.nanoTime()) {
            send(labelsTopic, pendingLabels.poll().event());
        }
        producer.flush();
    }

    /**
     * Produces until the duration has passed (or forever when it is null), {@link #stop()} is called or the
     * thread is interrupted.
     *
     * @param eventTimeStart event time of the first event, epoch ms
     */
    public void run(long eventTimeStart, Duration duration) {
        long wallStart = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : wallStart + duration.toNanos();
        while (!stopped && !Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
            long elapsedNanos = System.nanoTime() - wallStart;
            long due = (long) (elapsedNanos / 1e9 * eventsPerSecond);
            long eventTime = eventTimeStart + (long) (elapsedNanos / 1e6 * timeScale);
            while (sent < due) {
                List<SyntheticTraffic.Generated> events = traffic.generate(eventTime);
                for (SyntheticTraffic.Generated event : events) {
                    emit(event, eventTime, eventTime);
                }
                sent += events.size();
            }
            while (!pendingLabels.isEmpty() && pendingLabels.peek().dueNanos() <= System.nanoTime()) {
                send(labelsTopic, pendingLabels.poll().event());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Labels still pending belong to predictions already sent: send them rather than leave those unlabelled.
        while (!pendingLabels.isEmpty()) {
            send(labelsTopic, pendingLabels.poll().event());
        }
        producer.flush();
    }

    /**
     * Sends one prediction, with its label inline or, for a model whose labels come late, its label when its time
     * comes: at once if it is not after {@code now} (event time), else that much later on the scaled clock.
     */
    private void emit(SyntheticTraffic.Generated event, long eventTime, long now) {
        Duration labelDelay = labelsTopic == null ? null : labelDelays.apply(event.model());
        if (labelDelay == null) {
            send(topic, event.withLabel());
            return;
        }
        send(topic, event.withoutLabel());
        if (event.sendsLabel()) {
            long labelTime = eventTime + labelDelay.toMillis();
            long dueNanos = System.nanoTime() + (long) (Math.max(0, labelTime - now) * 1e6 / timeScale);
            pendingLabels.add(new PendingLabel(dueNanos, event.labelEvent(labelTime)));
        }
    }

    private void send(String to, String json) {
        producer.send(new ProducerRecord<>(to, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Makes {@link #run} return after its current batch. */
    public void stop() {
        stopped = true;
    }

    public long sent() {
        return sent;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

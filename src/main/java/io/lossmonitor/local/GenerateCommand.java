package io.lossmonitor.local;

import io.lossmonitor.cli.DurationConverter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: synthetic prediction traffic to a Kafka topic. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Produce seeded synthetic prediction traffic: a calibrated and an over-confident classifier "
                + "with the same accuracy, a multi-class model, a regressor with outliers, a model that degrades.")
public class GenerateCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "predictions", description = "Topic to write (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "N", description = "Events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop after this long (default: until interrupted).")
    Duration duration;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--degrade-after", defaultValue = "6m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Event time after which the fraud model degrades (default: ${DEFAULT-VALUE}).")
    Duration degradeAfter;

    @Option(names = "--time-scale", defaultValue = "1", paramLabel = "X",
            description = "Event time runs X times faster than the wall clock (default: ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(names = "--labels-topic", paramLabel = "TOPIC",
            description = "Send predictions without labels, and each label later to this topic.")
    String labelsTopic;

    @Option(names = "--label-delay", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "With --labels-topic: event time from a prediction to its label (default: ${DEFAULT-VALUE}).")
    Duration labelDelay;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = "Extra Kafka producer property (repeatable).")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Override
    public Integer call() {
        if (!(rate > 0) || !(timeScale > 0)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--rate and --time-scale must be positive");
        }
        try (TrafficProducer producer = new TrafficProducer(bootstrapServers, kafkaProperties, topic,
                new SyntheticTraffic(seed, degradeAfter.toMillis()), rate, timeScale, labelsTopic, labelDelay)) {
            producer.run(System.currentTimeMillis(), duration);
            System.out.println("sent " + producer.sent() + " events to " + topic);
        }
        return 0;
    }
}

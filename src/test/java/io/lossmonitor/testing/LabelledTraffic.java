package io.lossmonitor.testing;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Binary predictions with ids and their labels on a topic of their own, each label up to {@code maxDelay} after its
 * prediction in event time, split at an event time into what is produced before and after a failure; and the
 * number of labels whose event time falls in each one-minute window, which is what each window must count once
 * every label has joined.
 */
public final class LabelledTraffic {

    /** A model whose records move event time past the last window on every partition; left out of the checks. */
    public static final String CLOCK = "clock";

    private final List<Timed> predictions = new ArrayList<>();
    private final List<Timed> labels = new ArrayList<>();

    /** One record and the event time it is ordered by. */
    private record Timed(long ts, String json) {}

    /**
     * @param count predictions, one every {@code spacingMillis} of event time from the fixtures' start
     * @param maxDelay the largest delay of a label after its prediction, milliseconds
     */
    public LabelledTraffic(int count, long spacingMillis, long maxDelay, String model, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            long ts = T0 + i * spacingMillis;
            double p = random.nextDouble();
            int y = random.nextDouble() < p ? 1 : 0;
            String id = JoinStateBytes.id(i);
            predictions.add(new Timed(ts, json("model", model, "id", id, "ts", ts, "probability", p)));
            long labelTime = ts + (long) (random.nextDouble() * maxDelay);
            labels.add(new Timed(labelTime, json("id", id, "label", y, "ts", labelTime)));
        }
        labels.sort(Comparator.comparingLong(Timed::ts));
    }

    public List<String> predictionsBefore(long cut) {
        return predictions.stream().filter(t -> t.ts < cut).map(Timed::json).toList();
    }

    public List<String> predictionsFrom(long cut) {
        return predictions.stream().filter(t -> t.ts >= cut).map(Timed::json).toList();
    }

    public List<String> labelsBefore(long cut) {
        return labels.stream().filter(t -> t.ts < cut).map(Timed::json).toList();
    }

    public List<String> labelsFrom(long cut) {
        return labels.stream().filter(t -> t.ts >= cut).map(Timed::json).toList();
    }

    /** Records of the clock model on each partition of both topics, at event time {@code ts}. */
    public static List<String> clockPredictions(int partitions, long ts) {
        List<String> clock = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            clock.add(json("model", CLOCK, "ts", ts, "prediction", 0.0));
        }
        return clock;
    }

    public static List<String> clockLabels(int partitions, long ts) {
        List<String> clock = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            clock.add(json("id", CLOCK + "-" + p, "label", 0, "ts", ts));
        }
        return clock;
    }

    /** Labels per window start (minutes from the fixtures' start): the outcomes each window must count. */
    public Map<Integer, Long> labelsPerWindow() {
        Map<Integer, Long> perWindow = new TreeMap<>();
        for (Timed label : labels) {
            perWindow.merge((int) ((label.ts - T0) / MINUTE), 1L, Long::sum);
        }
        return perWindow;
    }

    public int size() {
        return predictions.size();
    }
}

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
 * Binary predictions with ids (and, if asked, ranked lists) and their labels on a topic of their own, each label up to {@code maxDelay} after its
 * prediction in event time, split at an event time into what is produced before and after a failure; and the
 * number of labels whose event time falls in each one-minute window, which is what each window must count once
 * every label has joined.
 */
public final class LabelledTraffic {

    /** A model whose records move event time past the last window on every partition; left out of the checks. */
    public static final String CLOCK = "clock";

    private final List<Timed> predictions = new ArrayList<>();
    private final List<Timed> labels = new ArrayList<>();

    /** One record, the event time it is ordered by, and the model it belongs to. */
    private record Timed(long ts, String json, String model) {}

    /**
     * @param count predictions, one every {@code spacingMillis} of event time from the fixtures' start
     * @param maxDelay the largest delay of a label after its prediction, milliseconds
     */
    public LabelledTraffic(int count, long spacingMillis, long maxDelay, String model, long seed) {
        this(count, spacingMillis, maxDelay, model, null, seed);
    }

    /**
     * As above, with every third prediction instead a ranked list of {@code rankedModel} (ten items, id {@code q-…})
     * whose label clicks one of its first three items.
     */
    public LabelledTraffic(int count, long spacingMillis, long maxDelay, String model, String rankedModel,
                           long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            long ts = T0 + i * spacingMillis;
            if (rankedModel != null && i % 3 == 0) {
                long labelTime = ts + (long) (random.nextDouble() * maxDelay);
                String id = "q-" + i;
                List<String> items = new ArrayList<>();
                for (int j = 0; j < 10; j++) {
                    items.add("doc-" + i + "-" + j);
                }
                predictions.add(new Timed(ts, json("model", rankedModel, "id", id, "ts", ts, "items", items),
                        rankedModel));
                labels.add(new Timed(labelTime, json("id", id, "relevant", List.of(items.get(random.nextInt(3))),
                        "ts", labelTime), rankedModel));
                continue;
            }
            double p = random.nextDouble();
            int y = random.nextDouble() < p ? 1 : 0;
            String id = JoinStateBytes.id(i);
            predictions.add(new Timed(ts, json("model", model, "id", id, "ts", ts, "probability", p), model));
            long labelTime = ts + (long) (random.nextDouble() * maxDelay);
            labels.add(new Timed(labelTime, json("id", id, "label", y, "ts", labelTime), model));
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
        return labelsPerWindow(null);
    }

    /** The same for one model's labels; all models' when {@code model} is null. */
    public Map<Integer, Long> labelsPerWindow(String model) {
        Map<Integer, Long> perWindow = new TreeMap<>();
        for (Timed label : labels) {
            if (model == null || label.model.equals(model)) {
                perWindow.merge((int) ((label.ts - T0) / MINUTE), 1L, Long::sum);
            }
        }
        return perWindow;
    }

    public int size() {
        return predictions.size();
    }

    /** How many predictions are {@code model}'s. */
    public long size(String model) {
        return predictions.stream().filter(t -> t.model.equals(model)).count();
    }
}

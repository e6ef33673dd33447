package io.lossmonitor.testing;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The jobs whose savepoints every release commits under {@code src/test/resources/savepoints/<release>/}, stopped
 * mid-stream, with the traffic each job had read before its savepoint and the traffic that follows it. The restore
 * tests of every later release replay the first part into topics of the same names (so that the offsets in the
 * savepoint point where they did) and then the second.
 *
 * <p>Never change a scenario once a release's savepoints of it are committed: its savepoints hold the state this
 * traffic produced. A new situation is a new scenario.
 */
public enum SavepointScenario {

    /**
     * Tumbling one-minute windows, the default alert rule and a rules file: eight windows have taught the fraud
     * model's baseline; the churn model's error-rate rule is firing; the ninth window is half read, so its events are
     * in the combiner's open panes.
     */
    ALERTS_AND_PANES("alerts-and-panes", T0 + 8 * MINUTE + 30_000, 16),

    /**
     * Sliding windows (2 min every minute) with allowed lateness: window [4, 6) holds its first pane in window state
     * and its second half-read in the combiner; windows that fired already are kept for late updates.
     */
    SLIDING_WINDOW("sliding-window", T0 + 5 * MINUTE + 30_000, 5),

    /**
     * Labels on their own topic: twenty predictions wait for their labels, twenty were joined (their outcomes in an
     * open window, their ids remembered), and one label waits for its prediction.
     */
    WAITING_LABELS("waiting-labels", Long.MIN_VALUE, 1);

    /** The rules file of {@link #ALERTS_AND_PANES}. */
    public static final String RULES = """
            rules:
              - name: churn-error-rate
                metric: error_rate
                comparison: ">"
                value: 0.3
                model: churn
            """;

    public static final int PARTITIONS = 2;
    public static final int FRAUD_PER_WINDOW = 200;
    public static final int CHURN_PER_WINDOW = 60;
    public static final int FRAUD_DEGRADED_WINDOW = 9;
    public static final int PRICE_PER_PANE = 30;
    public static final int WAITING = 20;
    public static final int JOINED_BEFORE = 20;

    private final String directory;
    private final long cut;
    private final int aggregatesBeforeSavepoint;

    /**
     * @param cut the event time from which the traffic of a scenario without a labels topic comes after the savepoint
     *     ({@link #WAITING_LABELS} lists each topic's records before and after it instead)
     * @param aggregatesBeforeSavepoint aggregates committed once the traffic before the savepoint is read
     */
    SavepointScenario(String directory, long cut, int aggregatesBeforeSavepoint) {
        this.directory = directory;
        this.cut = cut;
        this.aggregatesBeforeSavepoint = aggregatesBeforeSavepoint;
    }

    /** The savepoint's directory under the release's directory. */
    public String directory() {
        return directory;
    }

    /** Aggregates the job has committed once it has read everything before the savepoint. */
    public int aggregatesBeforeSavepoint() {
        return aggregatesBeforeSavepoint;
    }

    public String predictionsTopic(String release) {
        return release + "-" + directory + "-predictions";
    }

    /** The labels topic, or null when labels come inline. */
    public String labelsTopic(String release) {
        return this == WAITING_LABELS ? release + "-" + directory + "-labels" : null;
    }

    public String groupId(String release) {
        return "savepoint-" + release + "-" + directory;
    }

    /**
     * The {@code run} options of the job, without the output topics and the rules file, which each run names.
     */
    public List<String> options(String release) {
        List<String> options = new ArrayList<>(List.of("--predictions-topic", predictionsTopic(release),
                "--group-id", groupId(release), "--idleness", "0s", "--checkpoint-interval", "500ms",
                "--parallelism", String.valueOf(PARTITIONS)));
        switch (this) {
            case SLIDING_WINDOW -> options.addAll(List.of("--window", "2m", "--slide", "1m",
                    "--allowed-lateness", "2m"));
            case WAITING_LABELS -> options.addAll(List.of("--labels-topic", labelsTopic(release)));
            default -> { }
        }
        return options;
    }

    /** Prediction records read before the savepoint, in the order they are produced. */
    public List<String> predictionsBefore() {
        return this == WAITING_LABELS ? labelScenario().predictionsBefore : before(timeline());
    }

    /** Prediction records produced after the savepoint. */
    public List<String> predictionsAfter() {
        return this == WAITING_LABELS ? labelScenario().predictionsAfter : after(timeline());
    }

    /** Label records read before the savepoint; empty without a labels topic. */
    public List<String> labelsBefore() {
        return this == WAITING_LABELS ? labelScenario().labelsBefore : List.of();
    }

    /** Label records produced after the savepoint; empty without a labels topic. */
    public List<String> labelsAfter() {
        return this == WAITING_LABELS ? labelScenario().labelsAfter : List.of();
    }

    private List<String> before(List<Timed> timeline) {
        return timeline.stream().filter(t -> t.ts < cut).map(Timed::json).toList();
    }

    private List<String> after(List<Timed> timeline) {
        return timeline.stream().filter(t -> t.ts >= cut).map(Timed::json).toList();
    }

    /** One input record and the event time it is ordered by. */
    private record Timed(long ts, String json) {}

    private List<Timed> timeline() {
        List<Timed> events = this == ALERTS_AND_PANES ? alertTraffic() : slidingTraffic();
        events.sort(Comparator.comparingLong(Timed::ts));
        return events;
    }

    /** A fraud model, calibrated except in window 9, and a churn model wrong on 10 % of events, 50 % in windows 6–7. */
    private static List<Timed> alertTraffic() {
        Random random = new Random(2026);
        List<Timed> events = new ArrayList<>();
        for (int w = 0; w < 12; w++) {
            for (int i = 0; i < FRAUD_PER_WINDOW; i++) {
                long ts = T0 + w * MINUTE + i * 300L;
                double p = 1 / (1 + Math.exp(-1.5 * random.nextGaussian()));
                int label = random.nextDouble() < p ? 1 : 0;
                double sent = w == FRAUD_DEGRADED_WINDOW ? 1 - p : p;
                events.add(new Timed(ts, json("model", "fraud", "ts", ts, "probability", sent, "label", label)));
            }
            for (int i = 0; i < CHURN_PER_WINDOW; i++) {
                long ts = T0 + w * MINUTE + i * 1_000L + 150;
                int label = i % 3 == 0 ? 1 : 0;
                boolean wrong = w == 6 || w == 7 ? i % 2 == 0 : i % 10 == 0;
                double pTrue = wrong ? 0.3 : 0.8;
                double p = label == 1 ? pTrue : 1 - pTrue;
                events.add(new Timed(ts, json("model", "churn", "ts", ts, "probability", p, "label", label)));
            }
        }
        addClock(events, T0 + 13 * MINUTE);
        return events;
    }

    /** A price regressor, 30 events a minute for seven minutes, and one event a minute late after the savepoint. */
    private static List<Timed> slidingTraffic() {
        Random random = new Random(7);
        List<Timed> events = new ArrayList<>();
        for (int m = 0; m < 7; m++) {
            for (int i = 0; i < PRICE_PER_PANE; i++) {
                long ts = T0 + m * MINUTE + i * 2_000L;
                double prediction = 100 + i;
                double label = prediction + 3 * random.nextGaussian();
                events.add(new Timed(ts, json("model", "price", "ts", ts, "prediction", prediction, "label", label)));
            }
        }
        // Produced right after the rest of minute 5, so after the savepoint, though its event time is in minute 4.
        long late = T0 + 4 * MINUTE + 59_000;
        events.add(new Timed(T0 + 5 * MINUTE + 59_000, json("model", "price", "ts", late, "prediction", 90.0,
                "label", 100.0)));
        addClock(events, T0 + 8 * MINUTE + 10_000);
        return events;
    }

    /** One event of a model of its own on each partition, so that event time passes {@code ts} everywhere. */
    private static void addClock(List<Timed> events, long ts) {
        for (int p = 0; p < PARTITIONS; p++) {
            events.add(new Timed(ts, json("model", "clock", "ts", ts, "prediction", 0.0)));
        }
    }

    /** The four topics' worth of records of {@link #WAITING_LABELS}. */
    private record LabelTraffic(List<String> predictionsBefore, List<String> predictionsAfter,
                                List<String> labelsBefore, List<String> labelsAfter) {}

    private static LabelTraffic labelScenario() {
        Random random = new Random(31);
        int predictions = JOINED_BEFORE + WAITING;
        double[] p = new double[predictions + 1];
        int[] y = new int[predictions + 1];
        for (int i = 0; i <= predictions; i++) {
            p[i] = random.nextDouble();
            y[i] = random.nextDouble() < p[i] ? 1 : 0;
        }
        List<String> predictionsBefore = new ArrayList<>();
        for (int i = 0; i < predictions; i++) {
            predictionsBefore.add(json("model", "churn", "id", "c-" + i, "ts", T0 + i * 1_000L, "probability", p[i]));
        }
        for (int k = 0; k < PARTITIONS; k++) {
            predictionsBefore.add(json("model", "clock", "ts", T0 + MINUTE + 40_000, "prediction", 0.0));
        }
        List<String> labelsBefore = new ArrayList<>();
        for (int i = 0; i < JOINED_BEFORE; i++) {
            labelsBefore.add(json("id", "c-" + i, "label", y[i], "ts", T0 + MINUTE + i * 1_000L));
        }
        // The label of c-40 comes first; its prediction only after the savepoint.
        labelsBefore.add(json("id", "c-" + predictions, "label", y[predictions], "ts", T0 + MINUTE + 30_000));

        List<String> predictionsAfter = new ArrayList<>();
        predictionsAfter.add(json("model", "churn", "id", "c-" + predictions, "ts", T0 + MINUTE + 45_000,
                "probability", p[predictions]));
        for (int k = 0; k < PARTITIONS; k++) {
            predictionsAfter.add(json("model", "clock", "ts", T0 + 3 * MINUTE + 10_000, "prediction", 0.0));
        }
        List<String> labelsAfter = new ArrayList<>();
        for (int i = JOINED_BEFORE; i < predictions; i++) {
            labelsAfter.add(json("id", "c-" + i, "label", y[i], "ts", T0 + MINUTE + 40_000 + (i - JOINED_BEFORE) * 500L));
        }
        labelsAfter.add(json("id", "c-5", "label", y[5], "ts", T0 + MINUTE + 50_000));
        for (int k = 0; k < PARTITIONS; k++) {
            labelsAfter.add(json("id", "clock-" + k, "label", 0, "ts", T0 + 3 * MINUTE + 10_000));
        }
        return new LabelTraffic(predictionsBefore, predictionsAfter, labelsBefore, labelsAfter);
    }

    /** Probability and label of each churn prediction of {@link #WAITING_LABELS}, c-0 to c-40. */
    public static double[][] waitingLabelOutcomes() {
        Random random = new Random(31);
        int n = JOINED_BEFORE + WAITING + 1;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double p = random.nextDouble();
            out[i] = new double[] {p, random.nextDouble() < p ? 1 : 0};
        }
        return out;
    }
}

package io.lossmonitor.testing;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;

import java.util.ArrayList;
import java.util.Collection;
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
    WAITING_LABELS("waiting-labels", Long.MIN_VALUE, 1),

    /**
     * A champion and a challenger compared on the predictions they share by id (labels inline): windows 0 and 1 are
     * compared and written, window 2 holds ten pairs, and five sides of each model wait for the other's prediction.
     * Since 0.2.
     */
    COMPARISONS("comparisons", Long.MIN_VALUE, 4),

    /**
     * Labels on their own topic for the predictions of two models that share ids: ten ids have joined (the outcomes
     * of both models in an open window, the labels kept for a third model that comes after the savepoint), ten have
     * both models' predictions waiting, one label waits for its predictions. Since 0.2.
     */
    SHARED_IDS("shared-ids", Long.MIN_VALUE, 2);

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
    public static final String CHAMPION = "churn-v1";
    public static final String CHALLENGER = "churn-v2";
    public static final int PAIRS_PER_MINUTE = 20;
    public static final int COMPARED_MINUTES = 3;
    public static final List<String> SHARING_MODELS = List.of("fraud-a", "fraud-b");
    public static final String LATE_SHADOW = "fraud-c";
    public static final int SHARED_JOINED_BEFORE = 10;
    public static final int SHARED_WAITING = 10;

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
        return this == WAITING_LABELS || this == SHARED_IDS ? release + "-" + directory + "-labels" : null;
    }

    /** Whether the job compares a champion with a challenger (and so writes a comparisons topic). */
    public boolean compares() {
        return this == COMPARISONS;
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
            case WAITING_LABELS, SHARED_IDS -> options.addAll(List.of("--labels-topic", labelsTopic(release)));
            case COMPARISONS -> options.addAll(List.of("--compare", CHAMPION + ":" + CHALLENGER));
            default -> { }
        }
        return options;
    }

    /** Prediction records read before the savepoint, in the order they are produced. */
    public List<String> predictionsBefore() {
        return listed() != null ? listed().predictionsBefore : before(timeline());
    }

    /** Prediction records produced after the savepoint. */
    public List<String> predictionsAfter() {
        return listed() != null ? listed().predictionsAfter : after(timeline());
    }

    /** Label records read before the savepoint; empty without a labels topic. */
    public List<String> labelsBefore() {
        return listed() != null ? listed().labelsBefore : List.of();
    }

    /** Label records produced after the savepoint; empty without a labels topic. */
    public List<String> labelsAfter() {
        return listed() != null ? listed().labelsAfter : List.of();
    }

    /** The records of a scenario that lists each topic's records before and after the savepoint; else null. */
    private ListedTraffic listed() {
        return switch (this) {
            case WAITING_LABELS -> labelScenario();
            case COMPARISONS -> comparisonScenario();
            case SHARED_IDS -> sharedIdScenario();
            default -> null;
        };
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

    private static void addClock(Collection<String> records, long ts) {
        for (int p = 0; p < PARTITIONS; p++) {
            records.add(json("model", "clock", "ts", ts, "prediction", 0.0));
        }
    }

    /** The four topics' worth of records of a scenario that lists them. */
    private record ListedTraffic(List<String> predictionsBefore, List<String> predictionsAfter,
                                 List<String> labelsBefore, List<String> labelsAfter) {}

    private static ListedTraffic labelScenario() {
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
        return new ListedTraffic(predictionsBefore, predictionsAfter, labelsBefore, labelsAfter);
    }

    /** One compared prediction id: both models' probabilities of class 1 and the label. */
    public record ComparedPair(int minute, int index, double champion, double challenger, int label) {}

    /** The pairs of {@link #COMPARISONS}: {@link #PAIRS_PER_MINUTE} a minute in minutes 0 to 2. */
    public static List<ComparedPair> comparedPairs() {
        Random random = new Random(41);
        List<ComparedPair> pairs = new ArrayList<>();
        for (int m = 0; m < COMPARED_MINUTES; m++) {
            for (int i = 0; i < PAIRS_PER_MINUTE; i++) {
                double champion = random.nextDouble();
                double challenger = Math.min(0.999, Math.max(0.001, champion + 0.3 * random.nextGaussian()));
                pairs.add(new ComparedPair(m, i, champion, challenger, random.nextDouble() < champion ? 1 : 0));
            }
        }
        return pairs;
    }

    /**
     * Minutes 0 and 1 before the savepoint; in minute 2 the first ten pairs before it, then five ids whose champion
     * came before and challenger after it, and five the other way round, the later side 40 s later in event time (the
     * pair still counts in minute 2).
     */
    private static ListedTraffic comparisonScenario() {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (ComparedPair p : comparedPairs()) {
            long ts = T0 + p.minute() * MINUTE + p.index() * 1_000L;
            String id = "q-" + p.minute() + "-" + p.index();
            String champion = json("model", CHAMPION, "id", id, "ts", ts, "probability", p.champion(), "label",
                    p.label());
            String challenger = json("model", CHALLENGER, "id", id, "ts", ts, "probability", p.challenger(),
                    "label", p.label());
            boolean waitingChampion = p.minute() == 2 && p.index() >= 10 && p.index() < 15;
            boolean waitingChallenger = p.minute() == 2 && p.index() >= 15;
            before.add(waitingChallenger ? challenger : champion);
            if (waitingChampion) {
                after.add(json("model", CHALLENGER, "id", id, "ts", ts + 40_000, "probability", p.challenger(),
                        "label", p.label()));
            } else if (waitingChallenger) {
                after.add(json("model", CHAMPION, "id", id, "ts", ts + 40_000, "probability", p.champion(),
                        "label", p.label()));
            } else {
                before.add(challenger);
            }
        }
        addClock(before, T0 + 2 * MINUTE + 30_000);
        addClock(after, T0 + 4 * MINUTE + 10_000);
        return new ListedTraffic(before, after, List.of(), List.of());
    }

    /** Probability of class 1 and label of id s-i of {@link #SHARED_IDS} for each sharing model, i = 0 to 20. */
    public static double[][][] sharedIdOutcomes() {
        Random random = new Random(43);
        int ids = SHARED_JOINED_BEFORE + SHARED_WAITING + 1;
        double[][][] out = new double[SHARING_MODELS.size() + 1][ids][];
        int[] labels = new int[ids];
        for (int i = 0; i < ids; i++) {
            labels[i] = random.nextInt(2);
        }
        for (int m = 0; m <= SHARING_MODELS.size(); m++) {
            for (int i = 0; i < ids; i++) {
                out[m][i] = new double[] {random.nextDouble(), labels[i]};
            }
        }
        return out;
    }

    /**
     * Ids s-0 to s-9: both models' predictions and the label before the savepoint, the late shadow model's
     * prediction after it, and a second label of s-3 (a duplicate); s-10 to s-19: both models' predictions before,
     * the label after; s-20: the label before, both predictions after. Predictions in minute 0, labels in minute 1.
     */
    private static ListedTraffic sharedIdScenario() {
        double[][][] outcomes = sharedIdOutcomes();
        List<String> predictionsBefore = new ArrayList<>();
        List<String> predictionsAfter = new ArrayList<>();
        List<String> labelsBefore = new ArrayList<>();
        List<String> labelsAfter = new ArrayList<>();
        int last = SHARED_JOINED_BEFORE + SHARED_WAITING;
        for (int i = 0; i <= last; i++) {
            String id = "s-" + i;
            int label = (int) outcomes[0][i][1];
            for (int m = 0; m < SHARING_MODELS.size(); m++) {
                String prediction = json("model", SHARING_MODELS.get(m), "id", id,
                        "ts", i == last ? T0 + MINUTE + 45_000 : T0 + i * 1_000L, "probability", outcomes[m][i][0]);
                (i == last ? predictionsAfter : predictionsBefore).add(prediction);
            }
            if (i < SHARED_JOINED_BEFORE) {
                labelsBefore.add(json("id", id, "label", label, "ts", T0 + MINUTE + i * 1_000L));
                predictionsAfter.add(json("model", LATE_SHADOW, "id", id, "ts", T0 + MINUTE + 46_000 + i * 100L,
                        "probability", outcomes[SHARING_MODELS.size()][i][0]));
            } else if (i < last) {
                labelsAfter.add(json("id", id, "label", label, "ts", T0 + MINUTE + 40_000 + i * 100L));
            } else {
                labelsBefore.add(json("id", id, "label", label, "ts", T0 + MINUTE + 30_000));
            }
        }
        labelsAfter.add(json("id", "s-3", "label", 1, "ts", T0 + MINUTE + 50_000));
        addClock(predictionsBefore, T0 + MINUTE + 40_000);
        addClock(predictionsAfter, T0 + 3 * MINUTE + 10_000);
        for (int k = 0; k < PARTITIONS; k++) {
            labelsAfter.add(json("id", "clock-" + k, "label", 0, "ts", T0 + 3 * MINUTE + 10_000));
        }
        return new ListedTraffic(predictionsBefore, predictionsAfter, labelsBefore, labelsAfter);
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

package io.lossmonitor.testing;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelKind;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.io.PredictionJson;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.join.LabelIdSelector;
import io.lossmonitor.join.LabelJoin;
import io.lossmonitor.join.PredictionIdSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.FileUtils;
import org.apache.flink.util.OutputTag;

/**
 * The bytes the label join checkpoints per id — state and timers — measured as the size of a checkpoint of the join
 * over many ids of 29 characters, divided by their number: for predictions waiting for their labels, and for ids
 * whose prediction has joined its label.
 */
public final class JoinStateBytes {

    /** What is measured per id. */
    public enum Kind {
        WAITING_BINARY("a waiting binary prediction"),
        WAITING_TEN_CLASSES("a waiting 10-class prediction"),
        WAITING_RANKED_LIST("a waiting ranked list of 20, k = 10"),
        JOINED_ID("a joined id, kept for the TTL");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    private static final PredictionJson WRITTEN_BACK = new PredictionJson();
    private static final String[] CLASSES = {"cat", "dog", "bird", "fish", "horse", "cow", "sheep", "goat", "duck",
            "hen"};

    /** The cut-off of the ranked lists measured: a waiting list keeps its first k items. */
    public static final int RANKING_K = 10;

    private JoinStateBytes() {}

    /** An id of 29 characters. */
    public static String id(int i) {
        return String.format(Locale.ROOT, "txn-%025d", i);
    }

    /** Checkpointed bytes per id of {@code kind}, over {@code ids} ids, on {@code backend}. */
    public static double perId(Kind kind, int ids, StateBackends backend) throws Exception {
        Path checkpoints = Files.createTempDirectory("join-state-bytes");
        try (var harness = new KeyedTwoInputStreamOperatorTestHarness<String, PredictionEvent, LabelEvent,
                PredictionEvent>(new LabelJoin(3_600_000, JoinTime.LABEL, DEAD_LETTERS,
                e -> WRITTEN_BACK.toBytes(e)), new PredictionIdSelector(),
                new LabelIdSelector(), Types.STRING)) {
            harness.setStateBackend(backend.create());
            harness.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
            harness.open();
            Random random = new Random(7);
            for (int i = 0; i < ids; i++) {
                PredictionEvent p = prediction(kind, id(i), Events.T0 + i, random);
                harness.processElement1(p, p.timestamp);
                if (kind == Kind.JOINED_ID) {
                    long labelTime = p.timestamp + 30_000;
                    harness.processElement2(label(id(i), labelTime, random.nextInt(2)), labelTime);
                }
                harness.getOutput().clear();
            }
            return harness.snapshot(1, 1).getStateSize() / (double) ids;
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    private static PredictionEvent prediction(Kind kind, String id, long ts, Random random) {
        PredictionEvent e = new PredictionEvent();
        e.model = "fraud-detector";
        e.version = "v3";
        e.id = id;
        e.timestamp = ts;
        if (kind == Kind.WAITING_TEN_CLASSES) {
            e.model = "animals";
            e.task = Task.MULTICLASS;
            e.classes = CLASSES;
            e.scores = new double[CLASSES.length];
            double sum = 0;
            for (int c = 0; c < CLASSES.length; c++) {
                e.scores[c] = random.nextDouble();
                sum += e.scores[c];
            }
            for (int c = 0; c < CLASSES.length; c++) {
                e.scores[c] /= sum;
            }
        } else if (kind == Kind.WAITING_RANKED_LIST) {
            e.model = "search-ranker";
            e.task = Task.RANKING;
            e.listLength = 20;
            e.items = new long[RANKING_K];
            for (int i = 0; i < RANKING_K; i++) {
                e.items[i] = random.nextLong();
            }
        } else {
            e.task = Task.BINARY;
            e.score = random.nextDouble();
        }
        return e;
    }

    private static LabelEvent label(String id, long ts, int value) {
        LabelEvent l = new LabelEvent();
        l.id = id;
        l.timestamp = ts;
        l.labelKind = LabelKind.NUMBER;
        l.labelNumber = value;
        return l;
    }

    /** Prints the bytes per id of every kind on both backends, over {@code args[0]} ids (default 300,000). */
    public static void main(String[] args) throws Exception {
        int ids = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        for (StateBackends backend : StateBackends.values()) {
            for (Kind kind : Kind.values()) {
                System.out.printf(Locale.ROOT, "%-8s %-34s %8.1f B%n", backend, kind.description(),
                        perId(kind, ids, backend));
            }
        }
    }
}

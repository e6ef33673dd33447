package io.lossmonitor.bench;

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
import io.lossmonitor.testing.Events;
import io.lossmonitor.testing.JoinStateBytes;
import io.lossmonitor.testing.StateBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.FileUtils;
import org.apache.flink.util.OutputTag;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The label join's checkpoints and restores when many (model, version, segment) keys send labelled predictions and
 * the job is rescaled: the join driven alone at parallelism 2 over predictions of {@code --keys} distinct segments
 * (each with waiting predictions and a joined id), snapshotted, restored at 4, snapshotted, restored at 1; per step
 * the checkpoint's bytes (keyed and operator state) and each subtask's restore time, on RocksDB with incremental
 * checkpoints (or the heap), and after the last restore that every waiting prediction still joins its label.
 */
@Command(name = "label-join-rescale-bench", mixinStandardHelpOptions = true)
public class LabelJoinRescaleBenchmark implements Callable<Integer> {

    private static final int MAX_PARALLELISM = 128;
    private static final long TTL = 3_600_000;
    private static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    private static final PredictionJson WRITTEN_BACK = new PredictionJson();

    @Option(names = "--keys", defaultValue = "100000", description = "Distinct (model, version, segment) keys.")
    int keys;

    @Option(names = "--waiting-per-key", defaultValue = "2")
    int waitingPerKey;

    @Option(names = "--backend", defaultValue = "ROCKSDB")
    StateBackends backend;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabelJoinRescaleBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path checkpoints = Files.createTempDirectory("join-rescale");
        try {
            System.out.printf(Locale.ROOT, "%d keys, %d waiting predictions and 1 joined id each, %s%n", keys,
                    waitingPerKey, backend.displayName());
            System.out.printf(Locale.ROOT, "%-28s %14s %14s %14s %12s %12s%n", "step", "keyed B", "operator B",
                    "total B", "restore max", "restore sum");
            List<OperatorSubtaskState> at2 = run(checkpoints, null, 1, 2, true, "write at parallelism 2");
            List<OperatorSubtaskState> at4 = run(checkpoints, at2, 2, 4, false, "restore 2 -> 4, checkpoint");
            List<OperatorSubtaskState> at1 = run(checkpoints, at4, 4, 1, false, "restore 4 -> 1, checkpoint");
            verifyJoins(checkpoints, at1);
            return 0;
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    private List<OperatorSubtaskState> run(Path checkpoints, List<OperatorSubtaskState> restored, int from, int to,
                                           boolean write, String step) throws Exception {
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        long keyed = 0;
        long operator = 0;
        long restoreMax = 0;
        long restoreSum = 0;
        for (int subtask = 0; subtask < to; subtask++) {
            try (var harness = harness(checkpoints, to, subtask)) {
                long start = System.nanoTime();
                if (restored != null) {
                    harness.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            AbstractStreamOperatorTestHarness.repackageState(
                                    restored.toArray(OperatorSubtaskState[]::new)),
                            MAX_PARALLELISM, from, to, subtask));
                }
                harness.open();
                long restoreNanos = System.nanoTime() - start;
                restoreMax = Math.max(restoreMax, restoreNanos);
                restoreSum += restoreNanos;
                if (write) {
                    feed(harness, to, subtask);
                }
                OperatorSubtaskState snapshot = harness.snapshot(1, 1);
                keyed += size(snapshot.getManagedKeyedState()) + size(snapshot.getRawKeyedState());
                operator += size(snapshot.getManagedOperatorState()) + size(snapshot.getRawOperatorState());
                snapshots.add(snapshot);
            }
        }
        System.out.printf(Locale.ROOT, "%-28s %,14d %,14d %,14d %10.1f ms %10.1f ms%n", step, keyed, operator,
                keyed + operator, restoreMax / 1e6, restoreSum / 1e6);
        return snapshots;
    }

    /** Every waiting prediction of the subtask's ids, and one joined id per key. */
    private void feed(Harness harness, int parallelism, int subtask) throws Exception {
        for (int k = 0; k < keys; k++) {
            for (int i = 0; i <= waitingPerKey; i++) {
                String id = id(k, i);
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(id, MAX_PARALLELISM, parallelism) != subtask) {
                    continue;
                }
                long ts = Events.T0 + k;
                harness.processElement1(prediction(k, id, ts), ts);
                if (i == waitingPerKey) {
                    harness.processElement2(label(id, ts + 1_000), ts + 1_000);
                }
            }
            harness.getOutput().clear();
        }
    }

    /** Restored at parallelism 1, every waiting prediction joins the label sent now, under its own segment. */
    private void verifyJoins(Path checkpoints, List<OperatorSubtaskState> at1) throws Exception {
        try (var harness = harness(checkpoints, 1, 0)) {
            harness.initializeState(at1.get(0));
            harness.open();
            long joined = 0;
            long wrongSegment = 0;
            for (int k = 0; k < keys; k++) {
                for (int i = 0; i < waitingPerKey; i++) {
                    harness.processElement2(label(id(k, i), Events.T0 + keys + 1_000), Events.T0 + keys + 1_000);
                }
                for (PredictionEvent p : harness.extractOutputValues()) {
                    joined++;
                    if (!p.segment.equals("s-" + k)) {
                        wrongSegment++;
                    }
                }
                harness.getOutput().clear();
            }
            harness.processBothWatermarks(new Watermark(Events.T0 + keys + TTL + 2_000));
            System.out.printf(Locale.ROOT, "after 2 -> 4 -> 1: %,d of %,d waiting predictions joined, %d under "
                    + "another segment%n", joined, (long) keys * waitingPerKey, wrongSegment);
            if (joined != (long) keys * waitingPerKey || wrongSegment != 0) {
                throw new IllegalStateException("a waiting prediction was lost or mislabelled in the rescales");
            }
        }
    }

    private Harness harness(Path checkpoints, int parallelism, int subtask) throws Exception {
        Harness harness = new Harness(new LabelJoin(TTL, JoinTime.LABEL, DEAD_LETTERS,
                e -> WRITTEN_BACK.toBytes(e)), parallelism, subtask);
        harness.setStateBackend(backend.create());
        harness.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
        return harness;
    }

    private static long size(Iterable<? extends StateObject> handles) {
        long bytes = 0;
        for (StateObject handle : handles) {
            bytes += handle.getStateSize();
        }
        return bytes;
    }

    private static String id(int key, int i) {
        return JoinStateBytes.id(key * 8 + i);
    }

    private static PredictionEvent prediction(int key, String id, long ts) {
        PredictionEvent e = new PredictionEvent();
        e.model = "fraud-detector";
        e.version = "v3";
        e.segment = "s-" + key;
        e.id = id;
        e.task = Task.BINARY;
        e.score = 0.25 + (key % 50) / 100.0;
        e.timestamp = ts;
        return e;
    }

    private static LabelEvent label(String id, long ts) {
        LabelEvent l = new LabelEvent();
        l.id = id;
        l.timestamp = ts;
        l.labelKind = LabelKind.NUMBER;
        l.labelNumber = 1;
        return l;
    }

    private static final class Harness
            extends KeyedTwoInputStreamOperatorTestHarness<String, PredictionEvent, LabelEvent, PredictionEvent> {

        Harness(LabelJoin join, int parallelism, int subtask) throws Exception {
            super(join, new PredictionIdSelector(), new LabelIdSelector(), Types.STRING, MAX_PARALLELISM,
                    parallelism, subtask);
        }
    }
}

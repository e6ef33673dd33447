package io.lossmonitor.sketch;

import io.lossmonitor.savepoint.VarInts;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A classifier's window by score cell, a bin of the {@link LogitGrid} split by the predicted class (binary: whether
 * it predicts 1): for all its predictions the weight and the squared weights, and for its labelled outcomes the
 * weight of ones and of zeros of the calibration target (binary: the label; multi-class: whether the
 * predicted class is right). A cell's events count at
 * its middle score, within a bin of 0.05 on the logit scale (0.25 % of the logit beyond ±20) of their own. Enough to
 * estimate the window's performance from a calibration map, and to learn one. Sparse and mergeable; reading it (for a
 * copy, a checkpoint or an estimate) never changes it, so a snapshot may write it while the task reads; adding and
 * merging are for one thread.
 */
public final class ScoreCells implements PartState<ScoreCells> {

    private static final int PREDICTED = 0;
    private static final int PREDICTED_SQUARED = 1;
    private static final int ONES = 2;
    private static final int ZEROS = 3;
    private static final int COLUMNS = 4;

    /** What a pending event adds, as bits: a prediction, a labelled outcome, and whether the outcome's calibration target is 1. */
    private static final byte PREDICTION = 1;
    private static final byte OUTCOME = 2;
    private static final byte TARGET_ONE = 4;

    /** Cells in ascending order, and their {@value #COLUMNS} sums each, one cell after the other. */
    private int[] cells;
    private double[] sums;
    private int size;
    /** Events added since the cells were last sorted and merged, in the order they came. */
    private int[] pendingCells = new int[16];
    private byte[] pendingKinds = new byte[16];
    private double[] pendingWeights = new double[16];
    /** The pending events' order by cell, reused from one sorting to the next. */
    private long[] pendingOrder = new long[16];
    private int pending;

    public ScoreCells() {
        this(new int[0], new double[0], 0);
    }

    private ScoreCells(int[] cells, double[] sums, int size) {
        this.cells = cells;
        this.sums = sums;
        this.size = size;
    }

    /** The cell of a score (a logit) and a predicted class; cells ascend with the score. */
    public static int cellOf(double score, boolean predictsOne) {
        return 2 * LogitGrid.bin(score) + (predictsOne ? 1 : 0);
    }

    /**
     * The score a cell's events count at: the middle of its bin, or of the half of bin 0 on the side of its
     * predicted class.
     */
    public static double scoreOf(int cell) {
        int bin = Math.floorDiv(cell, 2);
        return bin == 0 ? (predictsOne(cell) ? 0.25 : -0.25) * LogitGrid.WIDTH : LogitGrid.center(bin);
    }

    /**
     * Whether a cell's predictions predict the target's 1: a binary model's class 1, and every multi-class
     * prediction (whose target is whether its top class is right).
     */
    public static boolean predictsOne(int cell) {
        return (cell & 1) == 1;
    }

    /** Adds a prediction, labelled or not. */
    public void addPrediction(double score, boolean predictsOne, double weight) {
        add(score, predictsOne, true, false, false, weight);
    }

    /** Adds a labelled outcome: its calibration target 1 or 0 at its score. */
    public void addOutcome(double score, boolean predictsOne, boolean targetOne, double weight) {
        add(score, predictsOne, false, true, targetOne, weight);
    }

    /**
     * Adds one event at its score: as a prediction, as a labelled outcome (its calibration target 1 or 0), or as both, as an event
     * with its label inline is.
     */
    public void add(double score, boolean predictsOne, boolean prediction, boolean outcome, boolean targetOne,
                    double weight) {
        byte kind = (byte) ((prediction ? PREDICTION : 0) | (outcome ? OUTCOME | (targetOne ? TARGET_ONE : 0) : 0));
        addPending(cellOf(score, predictsOne), kind, weight);
    }

    private void addPending(int cell, byte kind, double weight) {
        if (pending == pendingCells.length) {
            compact();
        }
        pendingCells[pending] = cell;
        pendingKinds[pending] = kind;
        pendingWeights[pending] = weight;
        pending++;
    }

    @Override
    public void merge(ScoreCells other) {
        ScoreCells theirs = other.sorted();
        compact();
        mergeSorted(theirs.cells, theirs.sums, theirs.size);
    }

    /** Sorts the pending events into the cells; pending room grows with the cells. */
    private void compact() {
        if (pending == 0) {
            return;
        }
        ScoreCells sorted = sorted(pendingOrder);
        cells = sorted.cells;
        sums = sorted.sums;
        size = sorted.size;
        pending = 0;
        int room = Math.max(16, size);
        if (pendingCells.length < room) {
            pendingCells = new int[room];
            pendingKinds = new byte[room];
            pendingWeights = new double[room];
            pendingOrder = new long[room];
        }
    }

    /** The cells with the pending events sorted in, as cells of their own; this one is left as it is. */
    private ScoreCells sorted() {
        return sorted(null);
    }

    /**
     * As {@link #sorted()}, ordering the pending events in {@code buffer} when it is given: only the adding thread
     * passes one, since a snapshot may read this while the task adds.
     */
    private ScoreCells sorted(long[] buffer) {
        ScoreCells sorted = new ScoreCells(cells, sums, size);
        if (pending == 0) {
            return sorted;
        }
        long[] order = buffer != null && buffer.length >= pending ? buffer : new long[pending];
        for (int i = 0; i < pending; i++) {
            order[i] = ((long) (pendingCells[i] + 2 * LogitGrid.INFINITE + 1) << 32) | i;
        }
        Arrays.sort(order, 0, pending);
        int[] newCells = new int[pending];
        double[] newSums = new double[pending * COLUMNS];
        int n = -1;
        for (int k = 0; k < pending; k++) {
            int i = (int) order[k];
            if (n < 0 || newCells[n] != pendingCells[i]) {
                newCells[++n] = pendingCells[i];
            }
            double w = pendingWeights[i];
            int at = n * COLUMNS;
            byte kind = pendingKinds[i];
            if ((kind & PREDICTION) != 0) {
                newSums[at + PREDICTED] += w;
                newSums[at + PREDICTED_SQUARED] += w * w;
            }
            if ((kind & OUTCOME) != 0) {
                newSums[at + ((kind & TARGET_ONE) != 0 ? ONES : ZEROS)] += w;
            }
        }
        sorted.mergeSorted(newCells, newSums, n + 1);
        return sorted;
    }

    private void mergeSorted(int[] otherCells, double[] otherSums, int otherSize) {
        int[] mergedCells = new int[size + otherSize];
        double[] mergedSums = new double[(size + otherSize) * COLUMNS];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < otherSize) {
            boolean takeMine = j == otherSize || (i < size && cells[i] <= otherCells[j]);
            boolean takeOther = i == size || (j < otherSize && otherCells[j] <= cells[i]);
            mergedCells[n] = takeMine ? cells[i] : otherCells[j];
            for (int c = 0; c < COLUMNS; c++) {
                mergedSums[n * COLUMNS + c] = (takeMine ? sums[i * COLUMNS + c] : 0)
                        + (takeOther ? otherSums[j * COLUMNS + c] : 0);
            }
            i += takeMine ? 1 : 0;
            j += takeOther ? 1 : 0;
            n++;
        }
        cells = mergedCells;
        sums = mergedSums;
        size = n;
    }

    /** The cells sorted, to read by index; this one unchanged. */
    public Sorted read() {
        ScoreCells sorted = sorted();
        return new Sorted(sorted.cells, sorted.sums, sorted.size);
    }

    /** The cells in ascending order of score, read by index. */
    public static final class Sorted {
        private final int[] cells;
        private final double[] sums;
        private final int size;

        private Sorted(int[] cells, double[] sums, int size) {
            this.cells = cells;
            this.sums = sums;
            this.size = size;
        }

        public int size() {
            return size;
        }

        public int cell(int i) {
            return cells[i];
        }

        public double predicted(int i) {
            return sums[i * COLUMNS + PREDICTED];
        }

        public double predictedSquared(int i) {
            return sums[i * COLUMNS + PREDICTED_SQUARED];
        }

        public double ones(int i) {
            return sums[i * COLUMNS + ONES];
        }

        public double zeros(int i) {
            return sums[i * COLUMNS + ZEROS];
        }
    }

    @Override
    public ScoreCells copy() {
        ScoreCells sorted = sorted();
        return new ScoreCells(Arrays.copyOf(sorted.cells, sorted.size),
                Arrays.copyOf(sorted.sums, sorted.size * COLUMNS), sorted.size);
    }

    /**
     * The cells that hold events: each cell as the step from the one before (the first as a zig-zag integer), and its
     * weights, whole ones (counts of unweighted events) as variable-length integers.
     */
    @Override
    public void write(DataOutputView out) throws IOException {
        ScoreCells sorted = sorted();
        VarInts.writeUnsigned(sorted.size, out);
        long previous = 0;
        for (int i = 0; i < sorted.size; i++) {
            long step = sorted.cells[i] - previous;
            VarInts.writeUnsigned(i == 0 ? (step << 1) ^ (step >> 63) : step, out);
            previous = sorted.cells[i];
            for (int c = 0; c < COLUMNS; c++) {
                CompactNumbers.writeExactWeight(out, sorted.sums[i * COLUMNS + c]);
            }
        }
    }

    public static ScoreCells read(DataInputView in) throws IOException {
        int size = (int) VarInts.readUnsigned(in);
        int[] cells = new int[size];
        double[] sums = new double[size * COLUMNS];
        long previous = 0;
        for (int i = 0; i < size; i++) {
            long code = VarInts.readUnsigned(in);
            long step = i == 0 ? (code >>> 1) ^ -(code & 1) : code;
            cells[i] = (int) (previous + step);
            previous = cells[i];
            for (int c = 0; c < COLUMNS; c++) {
                sums[i * COLUMNS + c] = CompactNumbers.readExactWeight(in);
            }
        }
        return new ScoreCells(cells, sums, size);
    }

    @Override
    public boolean sameAs(ScoreCells other) {
        ScoreCells mine = sorted();
        ScoreCells theirs = other.sorted();
        return Arrays.equals(mine.cells, 0, mine.size, theirs.cells, 0, theirs.size)
                && Arrays.equals(mine.sums, 0, mine.size * COLUMNS, theirs.sums, 0, theirs.size * COLUMNS);
    }
}

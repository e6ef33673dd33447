package io.lossmonitor.estimate;

import io.lossmonitor.sketch.ScoreCells;
import java.util.Arrays;

/**
 * Labelled outcomes by score cell, as the calibration reference keeps them (a Flink POJO): per cell, in ascending
 * order, the weight of the outcomes whose calibration target is 1 ({@link #ones}: binary, label 1; multi-class, the
 * predicted class right) and 0 ({@link #zeros}); sums of windows, added and taken away again as windows enter and leave the
 * reference, in double precision.
 */
public class ReferenceOutcomes {

    /** Below this weight a cell left by subtraction is empty: what remains is rounding. */
    private static final double EMPTY = 1e-9;

    public int[] cells = new int[0];
    public double[] ones = new double[0];
    public double[] zeros = new double[0];

    public ReferenceOutcomes() {}

    /** The labelled outcomes of a window's score cells. */
    public static ReferenceOutcomes of(ScoreCells windowCells) {
        ScoreCells.Sorted read = windowCells.read();
        ReferenceOutcomes out = new ReferenceOutcomes();
        int n = 0;
        for (int i = 0; i < read.size(); i++) {
            n += read.ones(i) + read.zeros(i) > 0 ? 1 : 0;
        }
        out.allocate(n);
        n = 0;
        for (int i = 0; i < read.size(); i++) {
            if (read.ones(i) + read.zeros(i) > 0) {
                out.cells[n] = read.cell(i);
                out.ones[n] = read.ones(i);
                out.zeros[n] = read.zeros(i);
                n++;
            }
        }
        return out;
    }

    private void allocate(int n) {
        cells = new int[n];
        ones = new double[n];
        zeros = new double[n];
    }

    /** The total weight of the outcomes. */
    public double weight() {
        double w = 0;
        for (int i = 0; i < cells.length; i++) {
            w += ones[i] + zeros[i];
        }
        return w;
    }

    public double hitWeight() {
        return Arrays.stream(ones).sum();
    }

    public double missWeight() {
        return Arrays.stream(zeros).sum();
    }

    /** These outcomes plus {@code sign} (1 or −1) times the other's; cells left without weight are dropped. */
    public ReferenceOutcomes plus(ReferenceOutcomes other, int sign) {
        int[] c = new int[cells.length + other.cells.length];
        double[] h = new double[c.length];
        double[] m = new double[c.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < cells.length || j < other.cells.length) {
            boolean mine = j == other.cells.length || (i < cells.length && cells[i] <= other.cells[j]);
            boolean theirs = i == cells.length || (j < other.cells.length && other.cells[j] <= cells[i]);
            c[n] = mine ? cells[i] : other.cells[j];
            h[n] = (mine ? ones[i] : 0) + (theirs ? sign * other.ones[j] : 0);
            m[n] = (mine ? zeros[i] : 0) + (theirs ? sign * other.zeros[j] : 0);
            i += mine ? 1 : 0;
            j += theirs ? 1 : 0;
            if (h[n] + m[n] > EMPTY) {
                h[n] = Math.max(0, h[n]);
                m[n] = Math.max(0, m[n]);
                n++;
            }
        }
        ReferenceOutcomes out = new ReferenceOutcomes();
        out.cells = Arrays.copyOf(c, n);
        out.ones = Arrays.copyOf(h, n);
        out.zeros = Arrays.copyOf(m, n);
        return out;
    }

    /** The calibration map of these outcomes: each cell a point at its score, its share of ones the target. */
    public IsotonicCalibration calibration() {
        int n = cells.length;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = ones[i] + zeros[i];
            x[i] = ScoreCells.scoreOf(cells[i]);
            y[i] = ones[i] / w[i];
        }
        return IsotonicCalibration.fit(x, y, w);
    }
}

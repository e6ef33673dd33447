package io.lossmonitor.estimate;

import io.lossmonitor.sketch.ScoreCells;
import java.util.Arrays;

/**
 * Labelled outcomes by score cell, as the calibration reference keeps them (a Flink POJO): per cell, in ascending
 * order, the weight of hits and of misses; sums of windows, added and taken away again as windows enter and leave the
 * reference, in double precision.
 */
public class ReferenceOutcomes {

    /** Below this weight a cell left by subtraction is empty: what remains is rounding. */
    private static final double EMPTY = 1e-9;

    public int[] cells = new int[0];
    public double[] hits = new double[0];
    public double[] misses = new double[0];

    public ReferenceOutcomes() {}

    /** The labelled outcomes of a window's score cells. */
    public static ReferenceOutcomes of(ScoreCells windowCells) {
        ScoreCells.Sorted read = windowCells.read();
        ReferenceOutcomes out = new ReferenceOutcomes();
        int n = 0;
        for (int i = 0; i < read.size(); i++) {
            n += read.hits(i) + read.misses(i) > 0 ? 1 : 0;
        }
        out.allocate(n);
        n = 0;
        for (int i = 0; i < read.size(); i++) {
            if (read.hits(i) + read.misses(i) > 0) {
                out.cells[n] = read.cell(i);
                out.hits[n] = read.hits(i);
                out.misses[n] = read.misses(i);
                n++;
            }
        }
        return out;
    }

    private void allocate(int n) {
        cells = new int[n];
        hits = new double[n];
        misses = new double[n];
    }

    /** The total weight of the outcomes. */
    public double weight() {
        double w = 0;
        for (int i = 0; i < cells.length; i++) {
            w += hits[i] + misses[i];
        }
        return w;
    }

    public double hitWeight() {
        return Arrays.stream(hits).sum();
    }

    public double missWeight() {
        return Arrays.stream(misses).sum();
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
            h[n] = (mine ? hits[i] : 0) + (theirs ? sign * other.hits[j] : 0);
            m[n] = (mine ? misses[i] : 0) + (theirs ? sign * other.misses[j] : 0);
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
        out.hits = Arrays.copyOf(h, n);
        out.misses = Arrays.copyOf(m, n);
        return out;
    }

    /** The calibration map of these outcomes: each cell a point at its score, its share of hits the target. */
    public IsotonicCalibration calibration() {
        int n = cells.length;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = hits[i] + misses[i];
            x[i] = ScoreCells.scoreOf(cells[i]);
            y[i] = hits[i] / w[i];
        }
        return IsotonicCalibration.fit(x, y, w);
    }
}

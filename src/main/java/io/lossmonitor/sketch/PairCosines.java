package io.lossmonitor.sketch;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An encoder's labelled pairs, the similar and the dissimilar apart: for each kind its count, Σw, Σw², Σw·cos and
 * Σw·cos², mergeable; what the standard error of each kind's mean cosine needs, its own weights. Cosines lie in
 * [−1, 1], so plain sums keep them exactly enough. Not thread-safe.
 */
public final class PairCosines implements PartState<PairCosines> {

    private static final int COUNT = 0;
    private static final int WEIGHT = 1;
    private static final int WEIGHT_SQUARES = 2;
    private static final int SUM = 3;
    private static final int SQUARES = 4;
    private static final int FIELDS = 5;

    /** The similar pairs' fields, then the dissimilar pairs'. */
    private final double[] sums;

    public PairCosines() {
        this(new double[2 * FIELDS]);
    }

    private PairCosines(double[] sums) {
        this.sums = sums;
    }

    /** Adds a labelled pair: similar (label 1) or not, its cosine and its weight. */
    public void add(boolean similar, double cosine, double weight) {
        int kind = similar ? 0 : FIELDS;
        sums[kind + COUNT] += 1;
        sums[kind + WEIGHT] += weight;
        sums[kind + WEIGHT_SQUARES] += weight * weight;
        sums[kind + SUM] += weight * cosine;
        sums[kind + SQUARES] += weight * cosine * cosine;
    }

    /**
     * The standard error of one kind's weighted mean cosine, as every mean's: √(s²_w Σw²) / Σw with the weighted
     * variance s²_w = Σw(x − x̄)² / (Σw − Σw²/Σw); NaN below two pairs of the kind.
     */
    public double standardError(boolean similar) {
        int kind = similar ? 0 : FIELDS;
        double weight = sums[kind + WEIGHT];
        double squares = sums[kind + WEIGHT_SQUARES];
        double denominator = weight - squares / weight;
        if (sums[kind + COUNT] < 2 || !(denominator > 0)) {
            return Double.NaN;
        }
        double mean = sums[kind + SUM] / weight;
        double spread = Math.max(sums[kind + SQUARES] - weight * mean * mean, 0.0);
        return Math.sqrt(spread / denominator * squares) / weight;
    }

    @Override
    public PairCosines copy() {
        return new PairCosines(sums.clone());
    }

    @Override
    public void merge(PairCosines other) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
    }

    @Override
    public boolean sameAs(PairCosines other) {
        return java.util.Arrays.equals(sums, other.sums);
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        for (double s : sums) {
            out.writeDouble(s);
        }
    }

    public static PairCosines read(DataInputView in) throws IOException {
        double[] sums = new double[2 * FIELDS];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = in.readDouble();
        }
        return new PairCosines(sums);
    }
}

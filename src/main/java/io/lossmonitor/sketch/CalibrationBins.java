package io.lossmonitor.sketch;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A classifier's labelled events in 15 equal-width bins of top-label confidence (bin = min(⌊15·conf⌋, 14)), each
 * with its count, weight, and weighted sums of confidence and of correctness: mergeable, and all that the expected
 * calibration error and the reliability diagram need. Not thread-safe.
 */
public final class CalibrationBins implements PartState<CalibrationBins> {

    public static final int BINS = 15;

    private static final int COUNT = 0;
    private static final int WEIGHT = 1;
    private static final int CONFIDENCE = 2;
    private static final int CORRECT = 3;
    private static final int FIELDS = 4;

    private final double[] bins;

    public CalibrationBins() {
        this(new double[BINS * FIELDS]);
    }

    private CalibrationBins(double[] bins) {
        this.bins = bins;
    }

    /** Adds an event whose predicted class had probability {@code confidence}. */
    public void add(double confidence, boolean correct, double weight) {
        int b = FIELDS * bin(confidence);
        bins[b + COUNT] += 1;
        bins[b + WEIGHT] += weight;
        bins[b + CONFIDENCE] += weight * confidence;
        if (correct) {
            bins[b + CORRECT] += weight;
        }
    }

    static int bin(double confidence) {
        return Math.min((int) Math.floor(BINS * confidence), BINS - 1);
    }

    @Override
    public void merge(CalibrationBins other) {
        for (int i = 0; i < bins.length; i++) {
            bins[i] += other.bins[i];
        }
    }

    /** Σ_b (W_b / W) |accuracy_b − confidence_b|; NaN without events. */
    public double expectedCalibrationError() {
        double total = 0;
        double gap = 0;
        for (int b = 0; b < BINS; b++) {
            double weight = bins[FIELDS * b + WEIGHT];
            if (weight > 0) {
                total += weight;
                gap += Math.abs(bins[FIELDS * b + CORRECT] - bins[FIELDS * b + CONFIDENCE]);
            }
        }
        return total > 0 ? gap / total : Double.NaN;
    }

    /** Per bin: count, weight, mean confidence and accuracy (both NaN for an empty bin), 4 values a bin. */
    public double[] reliability() {
        double[] out = new double[BINS * FIELDS];
        for (int b = 0; b < BINS; b++) {
            int i = FIELDS * b;
            double weight = bins[i + WEIGHT];
            out[i] = bins[i + COUNT];
            out[i + 1] = weight;
            out[i + 2] = weight > 0 ? bins[i + CONFIDENCE] / weight : Double.NaN;
            out[i + 3] = weight > 0 ? bins[i + CORRECT] / weight : Double.NaN;
        }
        return out;
    }

    @Override
    public CalibrationBins copy() {
        return new CalibrationBins(bins.clone());
    }

    /** The bins that hold events, each as its index and its four sums. */
    @Override
    public void write(DataOutputView out) throws IOException {
        int used = 0;
        for (int b = 0; b < BINS; b++) {
            used += bins[FIELDS * b + COUNT] > 0 ? 1 : 0;
        }
        out.writeByte(used);
        for (int b = 0; b < BINS; b++) {
            if (bins[FIELDS * b + COUNT] > 0) {
                out.writeByte(b);
                for (int f = 0; f < FIELDS; f++) {
                    out.writeDouble(bins[FIELDS * b + f]);
                }
            }
        }
    }

    public static CalibrationBins read(DataInputView in) throws IOException {
        double[] bins = new double[BINS * FIELDS];
        int used = in.readByte();
        for (int i = 0; i < used; i++) {
            int b = in.readByte();
            for (int f = 0; f < FIELDS; f++) {
                bins[FIELDS * b + f] = in.readDouble();
            }
        }
        return new CalibrationBins(bins);
    }

    public boolean sameAs(CalibrationBins other) {
        return Arrays.equals(bins, other.bins);
    }
}

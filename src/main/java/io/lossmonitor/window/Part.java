package io.lossmonitor.window;

import java.io.IOException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A piece of a window's state beyond the moments of its quantities, kept under a name of its own in the
 * accumulator serializer's schema: a later release reads the parts it knows by name, skips the ones it dropped, and
 * marks the ones it added as unknown in windows restored from an earlier release, whose metrics are then null.
 */
enum Part {

    /** Quantiles of each labelled event's loss: cross-entropy for classifiers, |r| for regressors. */
    LOSS_QUANTILES("loss_quantiles", a -> a.lossQuantiles, (a, s) -> a.lossQuantiles = (QuantileSketch) s,
            QuantileSketch::read),
    /** A classifier's labelled events in 15 bins of top-label confidence. */
    CALIBRATION("calibration", a -> a.calibration, (a, s) -> a.calibration = (CalibrationBins) s,
            CalibrationBins::read),
    /** A binary classifier's labelled events by score, positives and negatives apart. */
    SCORES("scores", a -> a.scores, (a, s) -> a.scores = (ScoreHistogram) s, ScoreHistogram::read),
    /** A multi-class classifier's labelled events per class. */
    CLASSES("classes", a -> a.classes, (a, s) -> a.classes = (ClassTable) s, ClassTable::read);

    /** Reads a part's state as {@link PartState#write} wrote it. */
    @FunctionalInterface
    interface Reader {
        PartState<?> read(DataInputView in) throws IOException;
    }

    private final String stateName;
    private final Function<LossAccumulator, PartState<?>> get;
    private final BiConsumer<LossAccumulator, PartState<?>> set;
    private final Reader reader;

    Part(String stateName, Function<LossAccumulator, PartState<?>> get, BiConsumer<LossAccumulator, PartState<?>> set,
         Reader reader) {
        this.stateName = stateName;
        this.get = get;
        this.set = set;
        this.reader = reader;
    }

    /** The name the schema records; never reused for another part. */
    String stateName() {
        return stateName;
    }

    int bit() {
        return 1 << ordinal();
    }

    /** Every part, as a set of bits. */
    static int all() {
        return (1 << values().length) - 1;
    }

    /** The part of a name, or null for one this release does not keep. */
    static Part named(String name) {
        for (Part part : values()) {
            if (part.stateName.equals(name)) {
                return part;
            }
        }
        return null;
    }

    boolean present(LossAccumulator a) {
        return get.apply(a) != null;
    }

    void write(LossAccumulator a, DataOutputView out) throws IOException {
        get.apply(a).write(out);
    }

    void read(LossAccumulator a, DataInputView in) throws IOException {
        set.accept(a, reader.read(in));
    }
}

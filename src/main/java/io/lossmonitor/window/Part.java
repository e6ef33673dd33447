package io.lossmonitor.window;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A piece of a window's state beyond the moments of its quantities, kept under a name of its own in the
 * accumulator serializer's schema: a later release reads the parts it knows by name, skips the ones it dropped, and
 * marks the ones it added as unknown in windows restored from an earlier release, whose metrics are then null.
 */
enum Part {

    /** Quantiles of each labelled event's loss: cross-entropy for classifiers, |r| for regressors. */
    LOSS_QUANTILES("loss_quantiles") {
        @Override
        boolean present(LossAccumulator a) {
            return a.lossQuantiles != null;
        }

        @Override
        void write(LossAccumulator a, DataOutputView out) throws IOException {
            a.lossQuantiles.write(out);
        }

        @Override
        void read(LossAccumulator a, DataInputView in) throws IOException {
            a.lossQuantiles = QuantileSketch.read(in);
        }
    },

    /** A classifier's labelled events in 15 bins of top-label confidence. */
    CALIBRATION("calibration") {
        @Override
        boolean present(LossAccumulator a) {
            return a.calibration != null;
        }

        @Override
        void write(LossAccumulator a, DataOutputView out) throws IOException {
            a.calibration.write(out);
        }

        @Override
        void read(LossAccumulator a, DataInputView in) throws IOException {
            a.calibration = CalibrationBins.read(in);
        }
    },

    /** A binary classifier's labelled events by score, positives and negatives apart. */
    SCORES("scores") {
        @Override
        boolean present(LossAccumulator a) {
            return a.scores != null;
        }

        @Override
        void write(LossAccumulator a, DataOutputView out) throws IOException {
            a.scores.write(out);
        }

        @Override
        void read(LossAccumulator a, DataInputView in) throws IOException {
            a.scores = ScoreHistogram.read(in);
        }
    },

    /** A multi-class classifier's labelled events per class. */
    CLASSES("classes") {
        @Override
        boolean present(LossAccumulator a) {
            return a.classes != null;
        }

        @Override
        void write(LossAccumulator a, DataOutputView out) throws IOException {
            a.classes.write(out);
        }

        @Override
        void read(LossAccumulator a, DataInputView in) throws IOException {
            a.classes = ClassTable.read(in);
        }
    };

    private final String stateName;

    Part(String stateName) {
        this.stateName = stateName;
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

    abstract boolean present(LossAccumulator a);

    abstract void write(LossAccumulator a, DataOutputView out) throws IOException;

    abstract void read(LossAccumulator a, DataInputView in) throws IOException;
}

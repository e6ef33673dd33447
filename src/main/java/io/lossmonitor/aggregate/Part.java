package io.lossmonitor.aggregate;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.loss.ValueLimit;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.sketch.CalibrationBins;
import io.lossmonitor.sketch.ClassTable;
import io.lossmonitor.sketch.JudgedQueries;
import io.lossmonitor.sketch.PairCosines;
import io.lossmonitor.sketch.PartState;
import io.lossmonitor.sketch.QuantileSketch;
import io.lossmonitor.sketch.ScoreCells;
import io.lossmonitor.sketch.ScoreHistogram;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;

/**
 * A piece of a window's state beyond the moments of its quantities, registered here once: the tasks that keep it,
 * how a labelled event enters it, and how it is read back; kept under a name of its own in the accumulator
 * serializer's schema, so a later release reads the parts it knows by name, skips the ones it dropped, and marks the
 * ones it added as unknown in windows restored from an earlier release, whose metrics are then null.
 */
public enum Part {

    /**
     * Quantiles of each labelled event's loss: cross-entropy for classifiers, |r| for regressors, the triplet loss
     * for triplets; pairs and rankers report none.
     */
    LOSS_QUANTILES("loss_quantiles", QuantileSketch::read) {
        @Override
        boolean keptFor(Task task) {
            return task != Task.PAIR && task != Task.RANKING;
        }

        @Override
        PartState<?> empty() {
            return new QuantileSketch();
        }

        @Override
        void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                 double weight) {
            double loss = switch (task) {
                case BINARY, MULTICLASS -> e.crossEntropy();
                case TRIPLET -> Metric.TRIPLET_LOSS.perEvent().of(e, params);
                default -> Math.abs(e.residual());
            };
            ((QuantileSketch) state).add(ValueLimit.of(loss), weight);
        }
    },
    /** A classifier's labelled events in 15 bins of top-label confidence. */
    CALIBRATION("calibration", CalibrationBins::read) {
        @Override
        boolean keptFor(Task task) {
            return task.isClassification();
        }

        @Override
        PartState<?> empty() {
            return new CalibrationBins();
        }

        @Override
        void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                 double weight) {
            ((CalibrationBins) state).add(e.confidence(), e.error() == 0.0, weight);
        }
    },
    /** A binary classifier's labelled events by score, positives and negatives apart. */
    SCORES("scores", ScoreHistogram::read) {
        @Override
        boolean keptFor(Task task) {
            return task == Task.BINARY;
        }

        @Override
        PartState<?> empty() {
            return new ScoreHistogram();
        }

        @Override
        void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                 double weight) {
            ((ScoreHistogram) state).add(e.logit(), e.label() == 1, weight);
        }
    },
    /** A multi-class classifier's labelled events per class. */
    CLASSES("classes", ClassTable::read) {
        @Override
        boolean keptFor(Task task) {
            return task == Task.MULTICLASS;
        }

        @Override
        PartState<?> empty() {
            return new ClassTable();
        }

        @Override
        void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                 double weight) {
            ((ClassTable) state).add(e.classes(), event.classes, e.label(), e.predictedClass(),
                    ValueLimit.of(e.crossEntropy()), weight, params.perClassLimit());
        }
    },
    /**
     * A classifier's predictions and labelled outcomes by score cell (binary: the logit of P(1); multi-class: the
     * logit of the top-label confidence), for its estimated performance.
     */
    SCORE_CELLS("score_cells", ScoreCells::read) {
        @Override
        boolean keptFor(Task task) {
            return task.isClassification();
        }

        @Override
        PartState<?> empty() {
            return new ScoreCells();
        }

        @Override
        void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                 double weight) {
            boolean targetOne = event.labelled && (task == Task.BINARY ? e.label() == 1 : e.error() == 0.0);
            ((ScoreCells) state).add(calibratedScore(task, e), predictsOne(task, e), event.countsAsPrediction,
                    event.labelled, targetOne, weight);
        }

        @Override
        boolean keepsPredictions() {
            return true;
        }
    },
    /** A ranker's queries with their relevance label, and how many of them name no relevant item. */
    JUDGED_QUERIES("judged_queries", JudgedQueries::read) {
        @Override
        boolean keptFor(Task task) {
            return task == Task.RANKING;
        }

        @Override
        PartState<?> empty() {
            return new JudgedQueries();
        }

        @Override
        void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                 double weight) {
            ((JudgedQueries) state).add(e.relevantCount(), weight);
        }
    },
    /** An encoder's labelled pairs, similar and dissimilar apart, for the standard errors of their mean cosines. */
    PAIR_COSINES("pair_cosines", PairCosines::read) {
        @Override
        boolean keptFor(Task task) {
            return task == Task.PAIR;
        }

        @Override
        PartState<?> empty() {
            return new PairCosines();
        }

        @Override
        void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                 double weight) {
            ((PairCosines) state).add(e.pairLabel() > 0, ValueLimit.of(e.cosine()), weight);
        }
    };

    /** Reads a part's state as {@link PartState#write} wrote it. */
    @FunctionalInterface
    interface Reader {
        PartState<?> read(DataInputView in) throws IOException;
    }

    private final String stateName;
    private final Reader reader;

    Part(String stateName, Reader reader) {
        this.stateName = stateName;
        this.reader = reader;
    }

    /** Whether windows of {@code task} keep this part. */
    abstract boolean keptFor(Task task);

    /** The part's state before its first event. */
    abstract PartState<?> empty();

    /**
     * Adds one event, scored as {@code e}, to the part's state: a labelled event; or, for a part that
     * {@link #keepsPredictions() keeps predictions}, any event, a prediction or a labelled outcome or both.
     */
    /** Adds an event, with its weight held within {@link ValueLimit#summaryWeight}. */
    abstract void add(PartState<?> state, Task task, PredictionEvent event, ScoredEvent e, LossParameters params,
                      double weight);

    /** Whether every prediction enters the part (once, with its label if it has one), not only the labelled events. */
    boolean keepsPredictions() {
        return false;
    }

    /** The score a calibration map reads: the logit of P(1), or of a multi-class model's top-label confidence. */
    private static double calibratedScore(Task task, ScoredEvent e) {
        if (task == Task.BINARY) {
            return e.logit();
        }
        double confidence = e.confidence();
        return Math.log(confidence) - Math.log1p(-confidence);
    }

    /** Whether the event predicts its calibration target's 1: a binary model's class 1, every multi-class event. */
    private static boolean predictsOne(Task task, ScoredEvent e) {
        return task != Task.BINARY || e.predictedClass() == 1;
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

    PartState<?> read(DataInputView in) throws IOException {
        return reader.read(in);
    }
}

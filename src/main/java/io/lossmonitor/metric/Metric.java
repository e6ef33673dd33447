package io.lossmonitor.metric;

import io.lossmonitor.event.Task;
import io.lossmonitor.loss.AbsolutePercentageError;
import io.lossmonitor.loss.BrierScore;
import io.lossmonitor.loss.CosineEmbeddingLoss;
import io.lossmonitor.loss.FocalLoss;
import io.lossmonitor.loss.Huber;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.loss.TripletLoss;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue of every metric an aggregate reports, one entry per metric: its name in the output record, the
 * tasks it applies to, the events it is computed over, its per-event value, how a window summarises it, whether it
 * has a standard error, and what it means. The aggregate record, the gauges, the metric names alert rules accept,
 * the demo's table and the README's metric table all follow from this list. A window's state keeps the moments of
 * each per-event {@link Quantity} under its name, and what other summaries need (quantile sketches, confidence and
 * score bins, a table of classes) in named parts.
 */
public enum Metric {

    ERROR_RATE(Definition.mean(Tasks.CLASSIFIERS, (e, p) -> e.error())
            .perEvent("1 if the predicted class is not the label, else 0; binary: p ≥ 0.5 predicts 1; multiclass: "
                    + "argmax, ties → first class")
            .withStandardError().inDemo().inComparisons()),
    ACCURACY(Definition.derived(Tasks.CLASSIFIERS, Over.LABELLED_EVENTS, Summary.complementOf(ERROR_RATE))
            .withStandardError().sameAs("scikit-learn `accuracy_score`")
            .worseWhenLower()),
    CROSS_ENTROPY(Definition.mean(Tasks.CLASSIFIERS, (e, p) -> e.crossEntropy())
            .perEvent("−ln p_true (binary: p if y = 1 else 1 − p), p clipped to [ε, 1 − ε]; logits in log space")
            .withStandardError().inDemo().sameAs("scikit-learn `log_loss`").inComparisons()),
    FOCAL_LOSS(Definition.mean(Tasks.CLASSIFIERS, FocalLoss::of)
            .perEvent("−α_t (1 − p_t)^γ ln p_t; γ = `--focal-gamma` (2.0); binary α_t = α if y = 1 else 1 − α, "
                    + "α = `--focal-alpha` (0.25, negative disables); multiclass α_t = 1")
            .withStandardError().inDemo().sameAs("torchvision `sigmoid_focal_loss`").inComparisons()),
    BRIER(Definition.mean(Tasks.CLASSIFIERS, (e, p) -> BrierScore.of(e))
            .perEvent("Σ_c (p_c − y_c)² (binary: (p − y)²)")
            .withStandardError().inDemo().sameAs("scikit-learn `brier_score_loss` (binary)").inComparisons()),
    CROSS_ENTROPY_P50(lossQuantile(Tasks.CLASSIFIERS, 0.5)),
    CROSS_ENTROPY_P90(lossQuantile(Tasks.CLASSIFIERS, 0.9)),
    CROSS_ENTROPY_P99(lossQuantile(Tasks.CLASSIFIERS, 0.99)),
    ECE(Definition.derived(Tasks.CLASSIFIERS, Over.LABELLED_EVENTS, Summary.EXPECTED_CALIBRATION_ERROR)
            .perEvent("top-label confidence (binary: max(p, 1 − p)) and whether the predicted class is the label")
            .inDemo().sameAs("torchmetrics `MulticlassCalibrationError(n_bins=15, norm=\"l1\")`")),
    RELIABILITY(Definition.derived(Tasks.CLASSIFIERS, Over.LABELLED_EVENTS, Summary.RELIABILITY_BINS)
            .shaped(Shape.RELIABILITY_BINS).sameAs("a reliability diagram")
            .worseEitherWay()),
    PRECISION(Definition.derived(Tasks.BINARY, Over.LABELLED_EVENTS,
                    Summary.ratio(Quantity.TRUE_POSITIVE, Quantity.PREDICTED_POSITIVE))
            .keeping(Quantity.TRUE_POSITIVE, Quantity.PREDICTED_POSITIVE)
            .sameAs("scikit-learn `precision_score`, positive class 1")
            .worseWhenLower()),
    RECALL(Definition.derived(Tasks.BINARY, Over.LABELLED_EVENTS,
                    Summary.ratio(Quantity.TRUE_POSITIVE, Quantity.ACTUAL_POSITIVE))
            .keeping(Quantity.TRUE_POSITIVE, Quantity.ACTUAL_POSITIVE)
            .sameAs("scikit-learn `recall_score`, positive class 1")
            .worseWhenLower()),
    F1(Definition.derived(Tasks.BINARY, Over.LABELLED_EVENTS, Summary.F1)
            .keeping(Quantity.TRUE_POSITIVE, Quantity.PREDICTED_POSITIVE, Quantity.ACTUAL_POSITIVE)
            .sameAs("scikit-learn `f1_score`, positive class 1")
            .worseWhenLower()),
    ROC_AUC(Definition.derived(Tasks.BINARY, Over.LABELLED_EVENTS, Summary.ROC_AUC)
            .perEvent("the score (P(1) or its logit) and the label")
            .inDemo().sameAs("scikit-learn `roc_auc_score`")
            .worseWhenLower()),
    AVERAGE_PRECISION(Definition.derived(Tasks.BINARY, Over.LABELLED_EVENTS, Summary.AVERAGE_PRECISION)
            .perEvent("the score and the label")
            .sameAs("scikit-learn `average_precision_score`")
            .worseWhenLower()),
    MACRO_F1(Definition.derived(Tasks.MULTICLASS, Over.LABELLED_EVENTS, Summary.MACRO_F1)
            .perEvent("the predicted class (argmax, ties → first) and the label")
            .sameAs("scikit-learn `f1_score(average=\"macro\")`")
            .worseWhenLower()),
    PER_CLASS(Definition.derived(Tasks.MULTICLASS, Over.LABELLED_EVENTS, Summary.PER_CLASS)
            .perEvent("the predicted class, the label and the event's `cross_entropy`")
            .shaped(Shape.PER_CLASS).sameAs("scikit-learn `precision_recall_fscore_support`")
            .worseEitherWay()),
    MSE(Definition.mean(Tasks.REGRESSORS, (e, p) -> e.residual() * e.residual())
            .perEvent("r², residual r = y − ŷ")
            .withStandardError().inDemo().sameAs("scikit-learn `mean_squared_error`").inComparisons()),
    RMSE(Definition.derived(Tasks.REGRESSORS, Over.LABELLED_EVENTS, Summary.rootOf(MSE))
            .inDemo().sameAs("scikit-learn `root_mean_squared_error`")),
    MAE(Definition.mean(Tasks.REGRESSORS, (e, p) -> Math.abs(e.residual()))
            .perEvent("|r|")
            .withStandardError().inDemo().sameAs("scikit-learn `mean_absolute_error`").inComparisons()),
    HUBER(Definition.mean(Tasks.REGRESSORS, (e, p) -> Huber.loss(e.residual(), p.huberDelta()))
            .perEvent("½r² if |r| ≤ δ else δ(|r| − ½δ); δ = `--huber-delta` (1.0)")
            .withStandardError().inDemo().sameAs("PyTorch `HuberLoss`").inComparisons()),
    MEAN_ERROR(Definition.mean(Tasks.REGRESSORS, (e, p) -> e.residual())
            .perEvent("r (the bias)")
            .withStandardError()
            .worseEitherWay()),
    ABS_ERROR_P50(lossQuantile(Tasks.REGRESSORS, 0.5)),
    ABS_ERROR_P90(lossQuantile(Tasks.REGRESSORS, 0.9)),
    ABS_ERROR_P99(lossQuantile(Tasks.REGRESSORS, 0.99)),
    R2(Definition.derived(Tasks.REGRESSORS, Over.LABELLED_EVENTS, Summary.R2)
            .keeping(Quantity.TARGET)
            .sameAs("scikit-learn `r2_score`")
            .worseWhenLower()),
    MAPE(Definition.mean(Tasks.REGRESSORS, (e, p) -> AbsolutePercentageError.of(e))
            .perEvent("|r| / max(|y|, 2.220446049250313e-16)")
            .withStandardError().sameAs("scikit-learn `mean_absolute_percentage_error`")),
    ENTROPY(Definition.signal(Tasks.CLASSIFIERS, (e, p) -> e.entropy())
            .perEvent("−Σ_c p_c ln p_c, the predictive entropy")),
    CONFIDENCE(Definition.signal(Tasks.CLASSIFIERS, (e, p) -> e.confidence())
            .perEvent("the probability of the predicted class")),
    PREDICTION_MEAN(Definition.signal(Tasks.REGRESSORS, (e, p) -> e.prediction())
            .perEvent("ŷ")),
    PREDICTION_STD(Definition.derived(Tasks.REGRESSORS, Over.ALL_PREDICTIONS, Summary.deviationOf(PREDICTION_MEAN))
            .worseEitherWay()),
    LABEL_COVERAGE(Definition.derived(Tasks.ALL, Over.ALL_PREDICTIONS, Summary.LABEL_COVERAGE)
            .worseWhenLower()),
    LABEL_DELAY_MS_P50(Definition.derived(Tasks.ALL, Over.JOINED_OUTCOMES, Summary.MEDIAN_LABEL_DELAY)
            .perEvent("label time − prediction time, ms (with a labels topic)")),
    ESTIMATED_ACCURACY(Definition.estimated(Tasks.CLASSIFIERS,
                    "Σw c / Σw; stderr √(Σw² c(1 − c)) / Σw; null until the reference is ready")
            .perEvent("c, the chance the prediction is right by the calibration map C: binary q = C(logit of P(1)), "
                    + "c = q if it predicts 1 else 1 − q; multiclass c = C(top-label confidence)")
            .withStandardError().sameAs("NannyML CBPE `accuracy` for binary models; for multiclass NannyML calibrates "
                    + "each class one-vs-rest, this the top-label confidence")
            .worseWhenLower()),
    ESTIMATED_ERROR_RATE(Definition.estimated(Tasks.CLASSIFIERS, "1 − `estimated_accuracy`, the same stderr")
            .perEvent("1 − c").withStandardError().inDemo()),
    ESTIMATED_PRECISION(Definition.estimated(Tasks.BINARY, "TP / (TP + FP), TP = Σw ŷ q, FP = Σw ŷ (1 − q)")
            .perEvent("the predicted class ŷ and q").sameAs("NannyML CBPE `precision`")
            .worseWhenLower()),
    ESTIMATED_RECALL(Definition.estimated(Tasks.BINARY, "TP / (TP + FN), FN = Σw (1 − ŷ) q")
            .perEvent("ŷ and q").sameAs("NannyML CBPE `recall`")
            .worseWhenLower()),
    ESTIMATED_F1(Definition.estimated(Tasks.BINARY, "2 TP / (2 TP + FP + FN)")
            .perEvent("ŷ and q").sameAs("NannyML CBPE `f1`")
            .worseWhenLower()),
    ESTIMATED_CROSS_ENTROPY(Definition.estimated(Tasks.BINARY, "weighted mean")
            .perEvent("−q ln p − (1 − q) ln(1 − p), p clipped as for `cross_entropy`")),
    ESTIMATED_BRIER(Definition.estimated(Tasks.BINARY, "weighted mean")
            .perEvent("q (1 − p)² + (1 − q) p²")),
    ESTIMATED_ROC_AUC(Definition.estimated(Tasks.BINARY,
                    "area under the ROC curve of the expected positives q and negatives 1 − q over score "
                            + "thresholds (ties in one step), by trapezoids")
            .perEvent("the score and q").sameAs("NannyML CBPE `roc_auc`")
            .worseWhenLower()),
    ESTIMATION_REFERENCE_LABELS(Definition.estimated(Tasks.CLASSIFIERS,
                    "Σw, the weight the calibration map rests on; 0 when none")
            .over(Over.REFERENCE)
            .worseWhenLower()),
    TRIPLET_LOSS(Definition.mean(Tasks.TRIPLETS, (e, p) -> tripletLoss(e, p))
            .perEvent("max(d(a,p) − d(a,n) + m, 0); m = `--triplet-margin` (1.0), d by `--triplet-distance`: "
                    + "`euclidean` ‖x − y + ε‖₂, ε = 1e-6 on every component (default), `squared` ‖x − y‖₂², "
                    + "`cosine` 1 − cos(x, y); given distances as they are")
            .withStandardError().inDemo().inComparisons()
            .sameAs("PyTorch `TripletMarginLoss(margin=m, p=2, eps=1e-6)` (`euclidean`), "
                    + "`TripletMarginWithDistanceLoss` (`squared`, `cosine`)")),
    TRIPLET_ERROR_RATE(Definition.mean(Tasks.TRIPLETS,
                    (e, p) -> TripletLoss.wrong(e.positiveDistance(), e.negativeDistance()) ? 1.0 : 0.0)
            .perEvent("1 if d(a,p) ≥ d(a,n) (the negative at least as close as the positive), else 0")
            .withStandardError().inDemo().inComparisons()),
    TRIPLET_ACTIVE_RATE(Definition.mean(Tasks.TRIPLETS, (e, p) -> tripletLoss(e, p) > 0 ? 1.0 : 0.0)
            .perEvent("1 if the event's `triplet_loss` > 0, else 0")
            .withStandardError().inDemo()),
    DISTANCE_POSITIVE(Definition.mean(Tasks.TRIPLETS, (e, p) -> e.positiveDistance())
            .perEvent("d(a,p)")
            .withStandardError().sameAs("PyTorch `pairwise_distance(a, p)` (`euclidean`)")),
    DISTANCE_NEGATIVE(Definition.mean(Tasks.TRIPLETS, (e, p) -> e.negativeDistance())
            .perEvent("d(a,n)")
            .withStandardError().sameAs("PyTorch `pairwise_distance(a, n)` (`euclidean`)")
            .worseWhenLower()),
    TRIPLET_LOSS_P50(lossQuantile(Tasks.TRIPLETS, 0.5)),
    TRIPLET_LOSS_P90(lossQuantile(Tasks.TRIPLETS, 0.9)),
    TRIPLET_LOSS_P99(lossQuantile(Tasks.TRIPLETS, 0.99)),
    COSINE_EMBEDDING_LOSS(Definition.mean(Tasks.PAIRS,
                    (e, p) -> CosineEmbeddingLoss.of(e.cosine(), e.pairLabel(), p.embedding().cosineMargin()))
            .perEvent("1 − cos if label 1, max(0, cos − m) if −1; m = `--cosine-margin` (0.0), cos(x1, x2) = "
                    + "x1·x2 / √((‖x1‖² + 1e-12)(‖x2‖² + 1e-12))")
            .withStandardError().inDemo().inComparisons().sameAs("PyTorch `CosineEmbeddingLoss(margin=m)`")),
    COSINE_SIMILARITY_SIMILAR(Definition.derived(Tasks.PAIRS, Over.LABELLED_EVENTS,
                    Summary.meanCosine(true, Quantity.SIMILAR_COSINE, Quantity.SIMILAR))
            .keeping(Quantity.SIMILAR_COSINE, Quantity.SIMILAR)
            .perEvent("cos(x1, x2) of the pairs labelled 1").withStandardError().inDemo()
            .worseWhenLower()),
    COSINE_SIMILARITY_DISSIMILAR(Definition.derived(Tasks.PAIRS, Over.LABELLED_EVENTS,
                    Summary.meanCosine(false, Quantity.DISSIMILAR_COSINE, Quantity.DISSIMILAR))
            .keeping(Quantity.DISSIMILAR_COSINE, Quantity.DISSIMILAR)
            .perEvent("cos(x1, x2) of the pairs labelled −1").withStandardError().inDemo()),
    PAIR_ERROR_RATE(Definition.mean(Tasks.PAIRS, (e, p) -> CosineEmbeddingLoss.wrong(e.cosine(), e.pairLabel(),
                    p.embedding().pairThreshold()) ? 1.0 : 0.0)
            .perEvent("1 if (cos ≥ t) differs from (label = 1), else 0; t = `--pair-threshold` (0.5)")
            .withStandardError().inDemo().inComparisons()),
    NDCG_AT_K(Definition.mean(Tasks.RANKERS, (e, p) -> e.ndcg())
            .perEvent("DCG / IDCG over the top T = min(k, n) items, DCG = Σ_{i≤T} g(i) / log2(i + 1), IDCG the same "
                    + "over the label's gains in descending order, first k; k = `--ranking-k` (10)")
            .withStandardError().inDemo().inComparisons().worseWhenLower()
            .sameAs("scikit-learn `ndcg_score(k=k)`, torchmetrics `RetrievalNormalizedDCG(top_k=k)`")),
    MRR_AT_K(Definition.mean(Tasks.RANKERS, (e, p) -> e.reciprocalRank())
            .perEvent("1 / the position of the first item with gain > 0 within T, else 0")
            .withStandardError().inDemo().inComparisons().worseWhenLower()
            .sameAs("torchmetrics `RetrievalMRR(top_k=k)`")),
    RECALL_AT_K(Definition.mean(Tasks.RANKERS, (e, p) -> e.recall())
            .perEvent("(items with gain > 0 within T) / R, R = the label's items with gain > 0")
            .withStandardError().inComparisons().worseWhenLower()
            .sameAs("torchmetrics `RetrievalRecall(top_k=k)`")),
    PRECISION_AT_K(Definition.mean(Tasks.RANKERS, (e, p) -> e.precision())
            .perEvent("(items with gain > 0 within T) / T")
            .withStandardError().worseWhenLower()
            .sameAs("torchmetrics `RetrievalPrecision(top_k=k, adaptive_k=True)`")),
    HIT_RATE_AT_K(Definition.mean(Tasks.RANKERS, (e, p) -> e.hit())
            .perEvent("1 if an item with gain > 0 is within T, else 0")
            .withStandardError().inDemo().inComparisons().worseWhenLower()
            .sameAs("torchmetrics `RetrievalHitRate(top_k=k)`")),
    MAP_AT_K(Definition.mean(Tasks.RANKERS, (e, p) -> e.averagePrecision())
            .perEvent("Σ_{i≤T, g(i)>0} precision@i / min(k, R)")
            .withStandardError().worseWhenLower()
            .sameAs("Evidently `MAP(k)`")),
    NO_RELEVANT_RATE(Definition.derived(Tasks.RANKERS, Over.LABELLED_EVENTS, Summary.WITHOUT_RELEVANT_SHARE)
            .perEvent("1 if the query's label names no item with gain > 0 (R = 0), else 0; such queries are in no "
                    + "other ranking mean and not in `count`")
            .worseEitherWay()),
    LIST_LENGTH(Definition.signal(Tasks.RANKERS, (e, p) -> e.listLength())
            .perEvent("n, the length of the list as served"));

    /** The tasks a metric applies to; for the others the aggregate reports it as null. */
    public enum Tasks {
        CLASSIFIERS("classifiers"),
        BINARY("binary"),
        MULTICLASS("multiclass"),
        REGRESSORS("regressors"),
        TRIPLETS("triplets"),
        PAIRS("pairs"),
        RANKERS("rankers"),
        ALL("all");

        private final String text;

        Tasks(String text) {
            this.text = text;
        }

        public boolean include(Task task) {
            return switch (this) {
                case CLASSIFIERS -> task.isClassification();
                case BINARY -> task == Task.BINARY;
                case MULTICLASS -> task == Task.MULTICLASS;
                case REGRESSORS -> task == Task.REGRESSION;
                case TRIPLETS -> task == Task.TRIPLET;
                case PAIRS -> task == Task.PAIR;
                case RANKERS -> task == Task.RANKING;
                case ALL -> true;
            };
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The events a metric is computed over. */
    public enum Over {
        /** The events with a label (inline or joined): {@code count} of them. */
        LABELLED_EVENTS("labelled events"),
        /** Every prediction of the window, labelled or not: {@code predictions} of them. */
        ALL_PREDICTIONS("all predictions"),
        /** The predictions joined with a label from the labels topic in the window. */
        JOINED_OUTCOMES("joined outcomes"),
        /**
         * The key's labelled events of the estimation reference, [window end − R, window start) with R =
         * {@code --estimation-reference}.
         */
        REFERENCE("labelled events of the reference");

        private final String text;

        Over(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Which way a metric's value worsens. */
    public enum Worse {
        /** A loss or an error rate: higher is worse. */
        WHEN_HIGHER("higher"),
        /** A score such as accuracy, AUC or NDCG: lower is worse. */
        WHEN_LOWER("lower"),
        /** A bias or a signal of the inputs: a move either way is worth a look. */
        EITHER_WAY("either way");

        private final String text;

        Worse(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** What a metric's value is in the aggregate record. */
    public enum Shape {
        /** A number (or null): gauged, and alert rules can watch it. */
        NUMBER,
        /** The reliability diagram's bins, an array of objects. */
        RELIABILITY_BINS,
        /** One object per class. */
        PER_CLASS
    }

    /** A metric's value for one scored event. */
    @FunctionalInterface
    public interface PerEvent {
        double of(ScoredEvent event, LossParameters params);
    }

    private final Definition definition;
    private final String jsonName = name().toLowerCase(Locale.ROOT);

    Metric(Definition definition) {
        this.definition = definition;
    }

    /** The metric's name in the aggregate record, the gauges and alert rules, e.g. {@code cross_entropy}. */
    public String jsonName() {
        return jsonName;
    }

    public Tasks tasks() {
        return definition.tasks();
    }

    public boolean appliesTo(Task task) {
        return definition.tasks().include(task);
    }

    public Over over() {
        return definition.over();
    }

    /** The per-event value a window keeps moments of, or null for a metric summarised from others. */
    public PerEvent perEvent() {
        return definition.value();
    }

    /** The per-event values whose moments a window keeps for this metric: its own, then its components. */
    public List<Quantity> quantities() {
        List<Quantity> quantities = new ArrayList<>();
        if (definition.value() != null) {
            quantities.add(new Quantity(jsonName, jsonName, definition.over(), definition.value()));
        }
        quantities.addAll(definition.components());
        return quantities;
    }

    /** How the per-event value is defined, for people; null for a metric summarised from others. */
    public String perEventDefinition() {
        return definition.perEventText();
    }

    public Summary summary() {
        return definition.summary();
    }

    /** Whether the aggregate's {@code stderr} object reports this metric (a mean of per-event values). */
    public boolean hasStandardError() {
        return definition.standardError();
    }

    public Shape shape() {
        return definition.shape();
    }

    /** Whether its value is a number: gauged, and alert rules can watch it. */
    public boolean isNumber() {
        return definition.shape() == Shape.NUMBER;
    }

    /** Whether the demo's table shows it. */
    public boolean inDemo() {
        return definition.demo();
    }

    /** Which way the metric worsens: baseline and Page-Hinkley rules watch for a move that way, comparisons read it so. */
    public Worse worse() {
        return definition.worse();
    }

    /** Whether a higher value is the better one, as for accuracy or a ranker's NDCG. */
    public boolean higherIsBetter() {
        return definition.worse() == Worse.WHEN_LOWER;
    }

    /** Whether champion/challenger comparisons report the paired difference of this loss. */
    public boolean inComparisons() {
        return definition.compared();
    }

    /** The losses comparisons report for a task, in catalogue order. */
    public static List<Metric> compared(Task task) {
        return ComparedByTask.LISTS.get(task);
    }

    /** The compared losses of each task, listed once. */
    private static final class ComparedByTask {
        static final Map<Task, List<Metric>> LISTS = new EnumMap<>(Task.class);

        static {
            for (Task task : Task.values()) {
                List<Metric> metrics = new ArrayList<>();
                for (Metric m : values()) {
                    if (m.definition.compared() && m.appliesTo(task)) {
                        metrics.add(m);
                    }
                }
                LISTS.put(task, List.copyOf(metrics));
            }
        }
    }

    /** The reference implementation it equals, for people; empty when there is none. */
    public String sameAs() {
        return definition.reference();
    }

    private static Definition lossQuantile(Tasks tasks, double rank) {
        return Definition.derived(tasks, Over.LABELLED_EVENTS, Summary.lossQuantile(rank))
                .perEvent(switch (tasks) {
                    case CLASSIFIERS -> "the event's `cross_entropy`";
                    case TRIPLETS -> "the event's `triplet_loss`";
                    default -> "|r|";
                })
                .sameAs("DataSketches KLL");
    }

    /** A triplet's loss by the job's margin. */
    private static double tripletLoss(ScoredEvent e, LossParameters p) {
        return TripletLoss.of(e.positiveDistance(), e.negativeDistance(), p.embedding().tripletMargin());
    }

    /**
     * The metrics a task's default baseline rule watches: its loss and the share it judges wrongly (cross-entropy and
     * error rate, MSE, triplet loss and error rate, cosine embedding loss and pair error rate), or a ranker's NDCG and
     * hit rate.
     */
    public static List<Metric> watchedByBaseline(Task task) {
        return switch (task) {
            case BINARY, MULTICLASS -> List.of(CROSS_ENTROPY, ERROR_RATE);
            case REGRESSION -> List.of(MSE);
            case TRIPLET -> List.of(TRIPLET_LOSS, TRIPLET_ERROR_RATE);
            case PAIR -> List.of(COSINE_EMBEDDING_LOSS, PAIR_ERROR_RATE);
            case RANKING -> List.of(NDCG_AT_K, HIT_RATE_AT_K);
        };
    }

    /** The metric named as in the output record, e.g. {@code cross_entropy}. */
    public static Metric byJsonName(String name) {
        for (Metric m : values()) {
            if (m.jsonName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'");
    }

    /** One catalogue entry's definition; built by the factories below and refined by the {@code with...} methods. */
    record Definition(Tasks tasks, Over over, PerEvent value, String perEventText, Summary summary,
                      boolean standardError, boolean demo, String reference, List<Quantity> components, Shape shape,
                      boolean compared, Worse worse) {

        /** A weighted mean of a per-event value over the labelled events. */
        static Definition mean(Tasks tasks, PerEvent value) {
            return new Definition(tasks, Over.LABELLED_EVENTS, value, null, Summary.MEAN, false, false, "", List.of(),
                    Shape.NUMBER, false, Worse.WHEN_HIGHER);
        }

        /** A weighted mean of a per-event value over all predictions: a signal that needs no label. */
        static Definition signal(Tasks tasks, PerEvent value) {
            return new Definition(tasks, Over.ALL_PREDICTIONS, value, null, Summary.MEAN, false, false, "", List.of(),
                    Shape.NUMBER, false, Worse.EITHER_WAY);
        }

        /** A metric summarised from what the window keeps for other metrics, for its components or in a part. */
        static Definition derived(Tasks tasks, Over over, Summary summary) {
            return new Definition(tasks, over, null, null, summary, false, false, "", List.of(), Shape.NUMBER,
                    false, Worse.WHEN_HIGHER);
        }

        /**
         * A metric estimated over all predictions from the calibration map its key learned on the reference, before
         * the window's labels.
         */
        static Definition estimated(Tasks tasks, String description) {
            return new Definition(tasks, Over.ALL_PREDICTIONS, null, null, Summary.estimate(description), false, false,
                    "", List.of(), Shape.NUMBER, false, Worse.WHEN_HIGHER);
        }

        Definition over(Over newOver) {
            return new Definition(tasks, newOver, value, perEventText, summary, standardError, demo, reference,
                    components, shape, compared, worse);
        }

        Definition perEvent(String text) {
            return new Definition(tasks, over, value, text, summary, standardError, demo, reference, components,
                    shape, compared, worse);
        }

        Definition withStandardError() {
            return new Definition(tasks, over, value, perEventText, summary, true, demo, reference, components, shape,
                    compared, worse);
        }

        Definition inDemo() {
            return new Definition(tasks, over, value, perEventText, summary, standardError, true, reference,
                    components, shape, compared, worse);
        }

        Definition sameAs(String text) {
            return new Definition(tasks, over, value, perEventText, summary, standardError, demo, text, components,
                    shape, compared, worse);
        }

        /** The per-event components the summary reads, whose moments the window keeps. */
        Definition keeping(Quantity... quantities) {
            return new Definition(tasks, over, value, perEventText, summary, standardError, demo, reference,
                    List.of(quantities), shape, compared, worse);
        }

        Definition shaped(Shape newShape) {
            return new Definition(tasks, over, value, perEventText, summary, standardError, demo, reference,
                    components, newShape, compared, worse);
        }

        /** A loss that champion/challenger comparisons pair: a per-event value over the labelled events. */
        Definition inComparisons() {
            return new Definition(tasks, over, value, perEventText, summary, standardError, demo, reference,
                    components, shape, true, worse);
        }

        /** A metric whose lower values are the worse ones, such as accuracy or a ranker's NDCG. */
        Definition worseWhenLower() {
            return worsening(Worse.WHEN_LOWER);
        }

        /** A metric that no direction makes worse in itself, such as a bias or a signal of the inputs. */
        Definition worseEitherWay() {
            return worsening(Worse.EITHER_WAY);
        }

        private Definition worsening(Worse newWorse) {
            return new Definition(tasks, over, value, perEventText, summary, standardError, demo, reference,
                    components, shape, compared, newWorse);
        }
    }
}

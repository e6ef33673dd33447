package io.lossmonitor.metric;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** How a window turns what it kept of its events into one metric's number, and that number's standard error. */
public interface Summary {

    /** What a window kept of its events, read by the name of the per-event {@link Quantity}. */
    interface Window {
        /** Weighted mean of a quantity's per-event values, NaN when it has none. */
        double mean(String quantity);

        /** Standard error of that mean (Kish's effective n), NaN below two events. */
        double standardError(String quantity);

        /** Weighted standard deviation of a quantity's per-event values (reliability weights, n − 1). */
        double standardDeviation(String quantity);

        /** Σw(x − x̄)² / Σw, the weighted spread of a quantity around its mean; NaN when it has no events. */
        double meanSquaredDeviation(String quantity);

        long labelledEvents();

        long predictions();

        /** Median label delay of the joined outcomes, ms; NaN when there are none. */
        double labelDelayMedian();

        /**
         * A quantile of the labelled events' losses (cross-entropy, |r| for regressors, the triplet loss for
         * triplets); NaN when unknown.
         */
        double lossQuantile(double rank);

        /** The expected calibration error over 15 confidence bins; NaN when unknown or without events. */
        double expectedCalibrationError();

        /** A binary classifier's ROC AUC; NaN when unknown, or without positives or negatives. */
        double rocAuc();

        /** A binary classifier's average precision; NaN when unknown or without positives. */
        double averagePrecision();

        /** A multi-class classifier's mean per-class F1; NaN when unknown, or with too many classes. */
        double macroF1();

        /** The standard error of an encoder's mean cosine of its similar (or dissimilar) pairs; NaN when unknown. */
        double meanCosineStandardError(boolean similar);

        /** A ranker's weighted share of judged queries without a relevant item; NaN when unknown or without any. */
        double withoutRelevantShare();

        /** A ranker's judged queries without a relevant item, which {@link #labelledEvents()} leaves out; else 0. */
        long judgedWithoutRelevant();
    }

    double value(Window w, Metric m);

    /** NaN where the summary has no standard error. */
    default double standardError(Window w, Metric m) {
        return Double.NaN;
    }

    /** The value of a window whose estimated metrics are {@code estimates}; most summaries read the window only. */
    default double value(Window w, Metric m, EstimatedValues estimates) {
        return value(w, m);
    }

    default double standardError(Window w, Metric m, EstimatedValues estimates) {
        return standardError(w, m);
    }

    /** How the window summarises, for people (the README's metric table). */
    String describe();

    /** A summary without a standard error: its value, and how it is made, for people. */
    static Summary of(ToDoubleFunction<Window> value, String description) {
        return new Summary() {
            @Override
            public double value(Window w, Metric m) {
                return value.applyAsDouble(w);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** The weighted mean Σwx / Σw of the metric's own per-event values. */
    Summary MEAN = new Summary() {
        @Override
        public double value(Window w, Metric m) {
            return w.mean(m.jsonName());
        }

        @Override
        public double standardError(Window w, Metric m) {
            return w.standardError(m.jsonName());
        }

        @Override
        public String describe() {
            return "weighted mean";
        }
    };

    /** F1 = 2 TP / (predicted positives + actual positives), the harmonic mean of precision and recall. */
    Summary F1 = of(w -> {
        double positives = w.mean(Quantity.PREDICTED_POSITIVE.name()) + w.mean(Quantity.ACTUAL_POSITIVE.name());
        return positives > 0 ? 2 * w.mean(Quantity.TRUE_POSITIVE.name()) / positives : Double.NaN;
    }, "2 Σw·TP / (Σw·predicted 1 + Σw·label 1); null without either");

    /** R² = 1 − Σw r² / Σw (y − ȳ_w)². */
    Summary R2 = of(w -> {
        double spread = w.meanSquaredDeviation(Quantity.TARGET.name());
        return spread > 0 ? 1.0 - w.mean(Metric.MSE.jsonName()) / spread : Double.NaN;
    }, "1 − Σw r² / Σw (y − ȳ_w)²; null when every y is the same");

    /** Labelled events / predictions. */
    Summary LABEL_COVERAGE = of(
            w -> w.predictions() > 0 ? (double) (w.labelledEvents() + w.judgedWithoutRelevant()) / w.predictions()
                    : Double.NaN,
            "labelled events (for rankers, judged queries, with or without a relevant item) / predictions");

    /** The weighted share of a ranker's judged queries whose label names no item of gain above 0. */
    Summary WITHOUT_RELEVANT_SHARE = of(w -> w.withoutRelevantShare(),
            "Σw of the judged queries with R = 0 / Σw of the judged queries; null without judged queries");

    /** Σ_b (W_b/W)·|acc_b − conf_b| over 15 equal-width bins of top-label confidence. */
    Summary EXPECTED_CALIBRATION_ERROR = of(w -> w.expectedCalibrationError(),
            "Σ_b (W_b/W)·|acc_b − conf_b| over 15 equal-width bins of confidence, bin = min(⌊15·conf⌋, 14)");

    /** The area under the ROC curve, from the scores binned on the logit scale. */
    Summary ROC_AUC = of(w -> w.rocAuc(),
            "P(a positive scores above a negative), ties ½, from the scores in bins of 0.05 on the logit scale, "
                    + "beyond ±20 each 0.25 % of its logit wide (within 0.005 of exact for every finite score); null "
                    + "without both classes");

    /** Average precision, from the scores binned on the logit scale. */
    Summary AVERAGE_PRECISION = of(w -> w.averagePrecision(),
            "Σ_n (R_n − R_{n−1}) P_n over score thresholds, from the same bins (within 0.005 of exact); null "
                    + "without positives");

    /** The unweighted mean of the per-class F1 over the classes that are a label or a prediction. */
    Summary MACRO_F1 = of(w -> w.macroF1(),
            "mean over the classes that are a label or a prediction of 2 Σw·TP_c / (Σw·predicted c + Σw·label c); "
                    + "null above `--per-class-limit` classes");

    /** Not a number: each class's support, precision, recall, F1 and cross-entropy, which the aggregate carries. */
    Summary PER_CLASS = of(w -> Double.NaN,
            "`{class: {\"support\",\"precision\",\"recall\",\"f1\",\"cross_entropy\"}}` for every class the "
                    + "model names (its name, else its index), support weighted, a ratio null when its denominator is "
                    + "0; null above `--per-class-limit` classes");

    /** Not a number: the 15 bins of the reliability diagram, which the aggregate carries as they are. */
    Summary RELIABILITY_BINS = of(w -> Double.NaN,
            "the 15 bins: `[{\"count\",\"weight\",\"confidence\",\"accuracy\"}, …]`, the last two null for "
                    + "an empty bin");

    /** The median of the joined outcomes' label delays, from a mergeable quantile sketch. */
    Summary MEDIAN_LABEL_DELAY = of(w -> w.labelDelayMedian(),
            "median (KLL sketch, about 1 % rank error)");

    /** An estimate made from the window's predictions and its key's calibration map, with its standard error. */
    static Summary estimate(String description) {
        return new Summary() {
            @Override
            public double value(Window w, Metric m) {
                return Double.NaN;
            }

            @Override
            public double value(Window w, Metric m, EstimatedValues estimates) {
                return estimates.value(m);
            }

            @Override
            public double standardError(Window w, Metric m, EstimatedValues estimates) {
                return estimates.standardError(m);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** Σw·numerator / Σw·denominator over the same events; NaN when the denominator is 0. */
    static Summary ratio(Quantity numerator, Quantity denominator) {
        return of(w -> {
            double below = w.mean(denominator.name());
            return below > 0 ? w.mean(numerator.name()) / below : Double.NaN;
        }, "Σw·" + numerator.text() + " / Σw·" + denominator.text() + "; null without the latter");
    }

    /**
     * An encoder's weighted mean cosine over its similar (or dissimilar) pairs, Σw·cos·[kind] / Σw·[kind], with the
     * standard error of a mean over those pairs and their own weights.
     */
    static Summary meanCosine(boolean similar, Quantity numerator, Quantity denominator) {
        Summary ratio = ratio(numerator, denominator);
        return new Summary() {
            @Override
            public double value(Window w, Metric m) {
                return ratio.value(w, m);
            }

            @Override
            public double standardError(Window w, Metric m) {
                return w.meanCosineStandardError(similar);
            }

            @Override
            public String describe() {
                return ratio.describe() + "; stderr that of a weighted mean over those pairs";
            }
        };
    }

    /** A quantile of the per-event loss: cross-entropy for classifiers, |r| for regressors, triplet loss for triplets. */
    static Summary lossQuantile(double rank) {
        return of(w -> w.lossQuantile(rank), String.format(Locale.ROOT, "%.0f %% quantile (KLL sketch, rank error ≤ "
                + "0.01, 32-bit floats; each event counts max(1, round(weight)) times)", 100 * rank));
    }

    /** 1 − the mean of another metric, with its standard error. */
    static Summary complementOf(Metric metric) {
        return new Summary() {
            @Override
            public double value(Window w, Metric m) {
                return 1.0 - w.mean(metric.jsonName());
            }

            @Override
            public double standardError(Window w, Metric m) {
                return w.standardError(metric.jsonName());
            }

            @Override
            public String describe() {
                return "1 − `" + metric.jsonName() + "`";
            }
        };
    }

    /** The square root of another metric's mean. */
    static Summary rootOf(Metric metric) {
        return of(w -> Math.sqrt(w.mean(metric.jsonName())), "√`" + metric.jsonName() + "`");
    }

    /** The weighted standard deviation of another metric's per-event values. */
    static Summary deviationOf(Metric metric) {
        return of(w -> w.standardDeviation(metric.jsonName()),
                "weighted standard deviation (n − 1) of " + metric.perEventDefinition());
    }
}

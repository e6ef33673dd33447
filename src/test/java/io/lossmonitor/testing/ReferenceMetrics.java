package io.lossmonitor.testing;

/**
 * Reference implementations of the metrics as scikit-learn and PyTorch define them, written independently of the
 * production code (plain probabilities, two-pass sums), to check the job's numbers against.
 */
public final class ReferenceMetrics {

    public static final double EPS = 1e-15;

    private ReferenceMetrics() {}

    /** Σ w v / Σ w, as {@code numpy.average(v, weights=w)}. */
    public static double weightedMean(double[] v, double[] w) {
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < v.length; i++) {
            sum += w[i] * v[i];
            weights += w[i];
        }
        return sum / weights;
    }

    /** Standard error of the weighted mean: √(s² / n_eff), s² with reliability weights, n_eff = (Σw)²/Σw². */
    public static double standardError(double[] v, double[] w) {
        double mean = weightedMean(v, w);
        double v1 = 0;
        double v2 = 0;
        double squares = 0;
        for (int i = 0; i < v.length; i++) {
            v1 += w[i];
            v2 += w[i] * w[i];
            squares += w[i] * (v[i] - mean) * (v[i] - mean);
        }
        double variance = squares / (v1 - v2 / v1);
        return Math.sqrt(variance / (v1 * v1 / v2));
    }

    public static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    /** Per-event −ln clip(p_true) (scikit-learn {@code log_loss} before averaging). */
    public static double[] logLoss(double[][] probabilities, int[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            double p = Math.min(Math.max(probabilities[i][labels[i]], EPS), 1 - EPS);
            out[i] = -Math.log(p);
        }
        return out;
    }

    /** Per-event Σ_c (p_c − y_c)². */
    public static double[] brier(double[][] probabilities, int[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < probabilities[i].length; c++) {
                double d = probabilities[i][c] - (c == labels[i] ? 1 : 0);
                out[i] += d * d;
            }
        }
        return out;
    }

    /** Per-event 1 if the first most probable class is not the label. */
    public static double[] errors(double[][] probabilities, int[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            out[i] = best == labels[i] ? 0 : 1;
        }
        return out;
    }

    /** Per-event multi-class focal loss −(1 − p_t)^γ ln p_t. */
    public static double[] focal(double[][] probabilities, int[] labels, double gamma) {
        double[] ce = logLoss(probabilities, labels);
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = Math.pow(1 - probabilities[i][labels[i]], gamma) * ce[i];
        }
        return out;
    }

    /** Per-event torchvision {@code sigmoid_focal_loss} from P(class 1), with α weighting. */
    public static double[] binaryFocal(double[] p, int[] labels, double gamma, double alpha) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            double pt = p[i] * y + (1 - p[i]) * (1 - y);
            double ce = -Math.log(Math.min(Math.max(pt, EPS), 1 - EPS));
            double alphaT = alpha * y + (1 - alpha) * (1 - y);
            out[i] = alphaT * ce * Math.pow(1 - pt, gamma);
        }
        return out;
    }

    /** [1 − p, p] rows for binary probabilities. */
    public static double[][] binaryRows(double[] p) {
        double[][] rows = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            rows[i] = new double[] {1 - p[i], p[i]};
        }
        return rows;
    }

    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            out[c] = Math.exp(z[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < z.length; c++) {
            out[c] /= sum;
        }
        return out;
    }

    /** Per-event Shannon entropy in nats. */
    public static double[] entropy(double[][] probabilities) {
        double[] out = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            for (double p : probabilities[i]) {
                out[i] -= p > 0 ? p * Math.log(p) : 0;
            }
        }
        return out;
    }

    /** scikit-learn {@code precision_score} with sample weights, class 1 predicted when p ≥ 0.5; NaN for 0/0. */
    public static double precision(double[] p, int[] y, double[] w) {
        double tp = 0;
        double predicted = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] >= 0.5) {
                predicted += w[i];
                tp += y[i] == 1 ? w[i] : 0;
            }
        }
        return predicted == 0 ? Double.NaN : tp / predicted;
    }

    /** scikit-learn {@code recall_score} with sample weights, class 1 predicted when p ≥ 0.5; NaN for 0/0. */
    public static double recall(double[] p, int[] y, double[] w) {
        double tp = 0;
        double actual = 0;
        for (int i = 0; i < p.length; i++) {
            if (y[i] == 1) {
                actual += w[i];
                tp += p[i] >= 0.5 ? w[i] : 0;
            }
        }
        return actual == 0 ? Double.NaN : tp / actual;
    }

    /** F1 as the harmonic mean 2PR / (P + R), with an undefined precision or recall counting as 0. */
    public static double f1(double[] p, int[] y, double[] w) {
        double precision = precision(p, y, w);
        double recall = recall(p, y, w);
        if (Double.isNaN(precision) && Double.isNaN(recall)) {
            return Double.NaN;
        }
        precision = Double.isNaN(precision) ? 0 : precision;
        recall = Double.isNaN(recall) ? 0 : recall;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** scikit-learn {@code r2_score} with sample weights, two passes: 1 − Σw(y − ŷ)² / Σw(y − ȳ_w)². */
    public static double r2(double[] y, double[] yHat, double[] w) {
        double mean = weightedMean(y, w);
        double residual = 0;
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            residual += w[i] * (y[i] - yHat[i]) * (y[i] - yHat[i]);
            total += w[i] * (y[i] - mean) * (y[i] - mean);
        }
        return 1 - residual / total;
    }

    /** scikit-learn {@code mean_absolute_percentage_error} with sample weights. */
    public static double mape(double[] y, double[] yHat, double[] w) {
        double[] terms = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            terms[i] = Math.abs(y[i] - yHat[i]) / Math.max(Math.abs(y[i]), Math.ulp(1.0));
        }
        return weightedMean(terms, w);
    }

    /**
     * torchmetrics {@code MulticlassCalibrationError(n_bins=15, norm="l1")} with sample weights: top-label confidence
     * and the first most probable class of each row, bins between the boundaries {@code linspace(0, 1, 16)} (a
     * confidence of 1 in the last), Σ_b (W_b / W)·|acc_b − conf_b|. Returns the ECE, then per bin its count, weight,
     * mean confidence and accuracy (NaN for an empty bin).
     */
    public static double[] calibration(double[][] probabilities, int[] labels, double[] w) {
        int bins = 15;
        double[] count = new double[bins];
        double[] weight = new double[bins];
        double[] confidence = new double[bins];
        double[] correct = new double[bins];
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            double conf = probabilities[i][best];
            int b = bins - 1;
            for (int edge = 1; edge <= bins; edge++) {
                if (conf < edge / (double) bins) {
                    b = edge - 1;
                    break;
                }
            }
            count[b]++;
            weight[b] += w[i];
            confidence[b] += w[i] * conf;
            correct[b] += best == labels[i] ? w[i] : 0;
            total += w[i];
        }
        double[] out = new double[1 + 4 * bins];
        for (int b = 0; b < bins; b++) {
            double acc = weight[b] > 0 ? correct[b] / weight[b] : Double.NaN;
            double conf = weight[b] > 0 ? confidence[b] / weight[b] : Double.NaN;
            if (weight[b] > 0) {
                out[0] += weight[b] / total * Math.abs(acc - conf);
            }
            out[1 + 4 * b] = count[b];
            out[2 + 4 * b] = weight[b];
            out[3 + 4 * b] = conf;
            out[4 + 4 * b] = acc;
        }
        return out;
    }

    /**
     * ROC AUC by its definition, pair by pair: Σ over (positive i, negative j) of w_i w_j (1 if s_i > s_j, ½ if equal)
     * over Σw_pos Σw_neg (scikit-learn's {@code roc_auc_score} with sample weights gives the same).
     */
    public static double rocAuc(double[] scores, int[] labels, double[] w) {
        double pairs = 0;
        double concordant = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] == 1) {
                    continue;
                }
                double pair = w[i] * w[j];
                pairs += pair;
                concordant += scores[i] > scores[j] ? pair : scores[i] == scores[j] ? pair / 2 : 0;
            }
        }
        return concordant / pairs;
    }

    /**
     * scikit-learn's {@code average_precision_score} with sample weights: at each distinct score from the highest
     * down, precision times the rise in recall.
     */
    public static double averagePrecision(double[] scores, int[] labels, double[] w) {
        double positives = 0;
        for (int i = 0; i < scores.length; i++) {
            positives += labels[i] == 1 ? w[i] : 0;
        }
        double[] thresholds = java.util.Arrays.stream(scores).distinct().sorted().toArray();
        double ap = 0;
        double previousRecall = 0;
        for (int t = thresholds.length - 1; t >= 0; t--) {
            double tp = 0;
            double fp = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= thresholds[t]) {
                    tp += labels[i] == 1 ? w[i] : 0;
                    fp += labels[i] == 1 ? 0 : w[i];
                }
            }
            double recall = tp / positives;
            ap += (recall - previousRecall) * tp / (tp + fp);
            previousRecall = recall;
        }
        return ap;
    }

    /** PyTorch {@code pairwise_distance(x, y, p=2, eps=1e-6)}: the 2-norm of x − y + eps. */
    public static double pairwiseDistance(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.pow(x[i] - y[i] + 1e-6, 2);
        }
        return Math.sqrt(sum);
    }

    /** ‖x − y‖², FaceNet's and the lecture's triplet distance. */
    public static double squaredDistance(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.pow(x[i] - y[i], 2);
        }
        return sum;
    }

    /** The cosine PyTorch's {@code cosine_embedding_loss} takes: x·y / √((‖x‖² + 1e-12)(‖y‖² + 1e-12)). */
    public static double embeddingCosine(double[] x, double[] y) {
        double dot = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }
        return dot / Math.sqrt((xx + 1e-12) * (yy + 1e-12));
    }

    /** Per-triplet max(d(a,p) − d(a,n) + margin, 0), PyTorch {@code TripletMarginLoss(reduction="none")}. */
    public static double[] tripletLoss(double[] dp, double[] dn, double margin) {
        double[] out = new double[dp.length];
        for (int i = 0; i < dp.length; i++) {
            out[i] = Math.max(dp[i] - dn[i] + margin, 0);
        }
        return out;
    }

    /** Per-pair PyTorch {@code CosineEmbeddingLoss(margin, reduction="none")}: 1 − cos if y = 1, else max(0, cos − m). */
    public static double[] cosineEmbeddingLoss(double[] cos, int[] y, double margin) {
        double[] out = new double[cos.length];
        for (int i = 0; i < cos.length; i++) {
            out[i] = y[i] == 1 ? 1 - cos[i] : Math.max(0, cos[i] - margin);
        }
        return out;
    }

    /** 1 where {@code test} holds for the element, else 0. */
    public static double[] indicator(int n, java.util.function.IntPredicate test) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = test.test(i) ? 1 : 0;
        }
        return out;
    }

    /** Σ w v / Σ w over the elements whose label is {@code label}, e.g. the mean cosine of the similar pairs. */
    public static double weightedMeanOfLabel(double[] v, int[] labels, double[] w, int label) {
        double sum = 0;
        double weights = 0;
        for (int i = 0; i < v.length; i++) {
            if (labels[i] == label) {
                sum += w[i] * v[i];
                weights += w[i];
            }
        }
        return sum / weights;
    }
}

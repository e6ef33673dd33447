package io.lossmonitor.loss;

/**
 * One event reduced to the quantities every per-event metric formula starts from: for a classifier its class
 * probabilities, predicted class, true-class cross-entropy and entropy (computed in log space from logits); for a
 * regressor its prediction and target; for a triplet its two distances; for a pair its cosine and label; for a ranked
 * list its per-query metrics. Filled by {@link ClassifierScores}, {@link #regression}, {@link #triplet},
 * {@link #pair} or {@link RankedListMetrics}.
 *
 * <p>One instance is reused for every event of an operator, so scoring an event allocates nothing.
 */
public final class ScoredEvent {

    private boolean labelled;
    private boolean binary;
    private int classes;
    private double[] probabilities = new double[16];
    private int predicted;
    private int label;
    private double crossEntropy;
    private double pFalse;
    private double logit;
    private double entropy;
    private boolean clipped;
    private double prediction;
    private double target;
    private double positiveDistance;
    private double negativeDistance;
    private double cosine;
    private double pairLabel;
    private int listLength;
    private int relevantCount;
    private boolean judged;
    private double ndcg;
    private double reciprocalRank;
    private double recall;
    private double precision;
    private double hit;
    private double averagePrecision;
    private double[] gainScratch = new double[16];

    /** A regression event: its prediction, and its target when labelled. */
    public void regression(double prediction, double target, boolean labelled) {
        this.prediction = prediction;
        this.target = target;
        this.labelled = labelled;
        this.clipped = false;
    }

    /** A triplet, by its distances d(a, p) and d(a, n); it carries its own supervision, so it is labelled. */
    public void triplet(double positiveDistance, double negativeDistance) {
        this.positiveDistance = positiveDistance;
        this.negativeDistance = negativeDistance;
        this.labelled = true;
        this.clipped = false;
    }

    /** A pair, by cos(x1, x2), and its label, 1 (similar) or −1 (dissimilar), when labelled. */
    public void pair(double cosine, double label, boolean labelled) {
        this.cosine = cosine;
        this.pairLabel = label;
        this.labelled = labelled;
        this.clipped = false;
    }

    /**
     * A ranked list: its length n, and when its relevance label is known ({@code judged}), R and the per-query
     * metrics at k. It counts as labelled only with R &gt; 0: a query without a relevant item is judged but has no
     * ranking metrics.
     */
    void ranking(int listLength, int relevantCount, double ndcg, double reciprocalRank, double recall,
                 double precision, double hit, double averagePrecision, boolean judged) {
        this.listLength = listLength;
        this.relevantCount = relevantCount;
        this.judged = judged;
        this.labelled = judged && relevantCount > 0;
        this.ndcg = ndcg;
        this.reciprocalRank = reciprocalRank;
        this.recall = recall;
        this.precision = precision;
        this.hit = hit;
        this.averagePrecision = averagePrecision;
        this.clipped = false;
    }

    /** A scratch array of at least {@code length} doubles, for sorting a label's gains without allocating. */
    double[] gainScratch(int length) {
        if (gainScratch.length < length) {
            gainScratch = new double[Math.max(length, 2 * gainScratch.length)];
        }
        return gainScratch;
    }

    /** Starts a classification event of {@code classes} classes; returns the array to fill with probabilities. */
    double[] classification(int classes, boolean binary, boolean labelled, int label) {
        if (probabilities.length < classes) {
            probabilities = new double[Math.max(classes, 2 * probabilities.length)];
        }
        this.classes = classes;
        this.binary = binary;
        this.labelled = labelled;
        this.label = labelled ? label : -1;
        this.clipped = false;
        return probabilities;
    }

    void logit(double logit) {
        this.logit = logit;
    }

    void predicted(int predicted, double entropy) {
        this.predicted = predicted;
        this.entropy = entropy;
    }

    void truth(double crossEntropy, double pFalse, boolean clipped) {
        this.crossEntropy = crossEntropy;
        this.pFalse = pFalse;
        this.clipped = clipped;
    }

    public boolean labelled() {
        return labelled;
    }

    /** Whether a classifier is binary: one probability or one logit, class 1 the positive class. */
    public boolean binary() {
        return binary;
    }

    public int classes() {
        return classes;
    }

    /** P(class c); for a binary classifier c = 0 or 1. */
    public double probability(int c) {
        return probabilities[c];
    }

    /** The predicted class: binary 1 when P(1) ≥ 0.5 (a logit ≥ 0), multiclass the first most probable class. */
    public int predictedClass() {
        return predicted;
    }

    /** The true class index of a labelled classification event. */
    public int label() {
        return label;
    }

    /** 0 if the predicted class is the label, else 1. */
    public double error() {
        return predicted == label ? 0.0 : 1.0;
    }

    /** −ln p_true in nats, clipped to [ε, 1 − ε] from probabilities, exact in log space from logits. */
    public double crossEntropy() {
        return crossEntropy;
    }

    /** 1 − p_true, computed without cancellation when p_true is close to 1. */
    public double pFalse() {
        return pFalse;
    }

    /** Whether the true-class probability was below ε, so that the log-loss terms are capped. */
    public boolean clipped() {
        return clipped;
    }

    /** Shannon entropy of the predicted distribution, nats. */
    public double entropy() {
        return entropy;
    }

    /** A binary classifier's score as a logit, ln(p / (1 − p)): ±∞ for a probability of 1 or 0. */
    public double logit() {
        return logit;
    }

    /** The probability of the predicted class. */
    public double confidence() {
        return probabilities[predicted];
    }

    /** A regressor's prediction ŷ. */
    public double prediction() {
        return prediction;
    }

    /** A regressor's target y. */
    public double target() {
        return target;
    }

    /** A triplet's d(a, p). */
    public double positiveDistance() {
        return positiveDistance;
    }

    /** A triplet's d(a, n). */
    public double negativeDistance() {
        return negativeDistance;
    }

    /** A pair's cos(x1, x2). */
    public double cosine() {
        return cosine;
    }

    /** A pair's label: 1 similar, −1 dissimilar. */
    public double pairLabel() {
        return pairLabel;
    }

    /** A regressor's residual r = y − ŷ. */
    public double residual() {
        return target - prediction;
    }

    /** A ranked list's length n as served. */
    public int listLength() {
        return listLength;
    }

    /** R, the number of items with a gain above 0 in a ranked list's relevance label. */
    public int relevantCount() {
        return relevantCount;
    }

    /** Whether a ranked list's relevance label is known, with or without a relevant item. */
    public boolean judged() {
        return judged;
    }

    /** NDCG@k of a ranked list. */
    public double ndcg() {
        return ndcg;
    }

    /** 1 / the position of the first relevant item within the top k, else 0. */
    public double reciprocalRank() {
        return reciprocalRank;
    }

    /** Relevant items within the top k / R. */
    public double recall() {
        return recall;
    }

    /** Relevant items within the top T / T, T = min(k, n). */
    public double precision() {
        return precision;
    }

    /** 1 if a relevant item is within the top k, else 0. */
    public double hit() {
        return hit;
    }

    /** AP@k: the precision at each relevant item within the top k, summed, / min(k, R). */
    public double averagePrecision() {
        return averagePrecision;
    }
}

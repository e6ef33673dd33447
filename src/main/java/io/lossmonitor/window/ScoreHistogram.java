package io.lossmonitor.window;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A binary classifier's labelled events by score: the weight of positives and of negatives in each bin of a grid of
 * width {@value #WIDTH} on the logit scale (scores beyond ±{@value #RANGE} in the end bins), and the score most of the
 * bin's weight shares, with that weight; kept sparse, so a window whose scores cluster keeps few bins. Mergeable, and
 * enough for ROC AUC and average precision: for AUC the events of a bin count as tied, which moves it by at most half
 * the chance that a positive and a negative share a bin; for average precision a bin where one score holds at least
 * half the weight is one threshold, as exactly tied scores are, and any other has its positives and negatives spread
 * evenly through it. Not thread-safe.
 */
final class ScoreHistogram {

    /** Bin width on the logit scale: 0.05 (a probability step of about 0.0125 near 0.5). */
    static final double WIDTH = 0.05;
    /** Logits beyond ±20 (probabilities within 2e-9 of 0 or 1) fall in the end bins. */
    static final double RANGE = 20;

    private static final int END = (int) Math.round(RANGE / WIDTH);

    /** Bins in ascending order, and the weights of each bin's positives and negatives. */
    private short[] bins;
    private float[] positives;
    private float[] negatives;
    /** The score that holds the most of a bin's weight (as far as merges can tell), and that weight. */
    private float[] tieScores;
    private float[] tieWeights;
    private int size;
    /** Events added since the bins were last sorted and merged, in the order they came. */
    private short[] pendingBins = new short[16];
    private float[] pendingWeights = new float[16];
    private float[] pendingScores = new float[16];
    private boolean[] pendingPositive = new boolean[16];
    private int pending;

    ScoreHistogram() {
        this(new short[0], new float[0], new float[0], new float[0], new float[0], 0);
    }

    private ScoreHistogram(short[] bins, float[] positives, float[] negatives, float[] tieScores, float[] tieWeights,
                           int size) {
        this.bins = bins;
        this.positives = positives;
        this.negatives = negatives;
        this.tieScores = tieScores;
        this.tieWeights = tieWeights;
        this.size = size;
    }

    /** Adds an event of logit {@code logit} (±∞ for a probability of 0 or 1), labelled positive or not. */
    void add(double logit, boolean positive, double weight) {
        if (pending == pendingBins.length) {
            compact();
        }
        pendingBins[pending] = bin(logit);
        pendingWeights[pending] = (float) weight;
        pendingScores[pending] = (float) logit;
        pendingPositive[pending] = positive;
        pending++;
    }

    static short bin(double logit) {
        double clipped = Math.max(-RANGE, Math.min(RANGE, logit));
        return (short) Math.max(-END, Math.min(END, Math.round(clipped / WIDTH)));
    }

    void merge(ScoreHistogram other) {
        other.compact();
        compact();
        mergeSorted(other.bins, other.positives, other.negatives, other.tieScores, other.tieWeights, other.size);
    }

    /** Sorts the pending events into the bins; pending room grows with the bins, so each event is merged O(1) times. */
    private void compact() {
        if (pending == 0) {
            return;
        }
        // Each pending event as its bin (offset to be non-negative) above its index: sorting these sorts by bin.
        long[] order = new long[pending];
        for (int i = 0; i < pending; i++) {
            order[i] = ((long) (pendingBins[i] + END) << 32) | i;
        }
        Arrays.sort(order);
        short[] newBins = new short[pending];
        float[] newPositives = new float[pending];
        float[] newNegatives = new float[pending];
        float[] newTieScores = new float[pending];
        float[] newTieWeights = new float[pending];
        int n = 0;
        for (int start = 0; start < pending; ) {
            short bin = pendingBins[(int) order[start]];
            int end = start;
            while (end < pending && pendingBins[(int) order[end]] == bin) {
                int i = (int) order[end++];
                if (pendingPositive[i]) {
                    newPositives[n] += pendingWeights[i];
                } else {
                    newNegatives[n] += pendingWeights[i];
                }
            }
            newBins[n] = bin;
            heaviestScore(order, start, end, newTieScores, newTieWeights, n);
            n++;
            start = end;
        }
        pending = 0;
        mergeSorted(newBins, newPositives, newNegatives, newTieScores, newTieWeights, n);
        int room = Math.max(16, size);
        if (pendingBins.length < room) {
            pendingBins = new short[room];
            pendingWeights = new float[room];
            pendingScores = new float[room];
            pendingPositive = new boolean[room];
        }
    }

    /** The score of the pending events {@code order[start, end)} (one bin) that holds the most weight, and its weight. */
    private void heaviestScore(long[] order, int start, int end, float[] scores, float[] weights, int at) {
        // Each event as its score's bits (ordered as the floats are) above its index: sorting groups equal scores.
        long[] byScore = new long[end - start];
        for (int k = start; k < end; k++) {
            int i = (int) order[k];
            int bits = Float.floatToIntBits(pendingScores[i]);
            byScore[k - start] = ((long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32) | i;
        }
        Arrays.sort(byScore);
        float best = Float.NaN;
        float bestWeight = 0;
        for (int k = 0; k < byScore.length; ) {
            float score = pendingScores[(int) byScore[k]];
            float weight = 0;
            while (k < byScore.length && pendingScores[(int) byScore[k]] == score) {
                weight += pendingWeights[(int) byScore[k++]];
            }
            if (weight > bestWeight) {
                best = score;
                bestWeight = weight;
            }
        }
        scores[at] = best;
        weights[at] = bestWeight;
    }

    private void mergeSorted(short[] otherBins, float[] otherPositives, float[] otherNegatives,
                             float[] otherTieScores, float[] otherTieWeights, int otherSize) {
        short[] mergedBins = new short[size + otherSize];
        float[] mergedPositives = new float[size + otherSize];
        float[] mergedNegatives = new float[size + otherSize];
        float[] mergedTieScores = new float[size + otherSize];
        float[] mergedTieWeights = new float[size + otherSize];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < otherSize) {
            boolean takeMine = j == otherSize || (i < size && bins[i] <= otherBins[j]);
            boolean takeOther = i == size || (j < otherSize && otherBins[j] <= bins[i]);
            mergedBins[n] = takeMine ? bins[i] : otherBins[j];
            if (takeMine && takeOther && tieScores[i] == otherTieScores[j]) {
                mergedTieScores[n] = tieScores[i];
                mergedTieWeights[n] = tieWeights[i] + otherTieWeights[j];
            } else if (takeMine && (!takeOther || tieWeights[i] >= otherTieWeights[j])) {
                mergedTieScores[n] = tieScores[i];
                mergedTieWeights[n] = tieWeights[i];
            } else {
                mergedTieScores[n] = otherTieScores[j];
                mergedTieWeights[n] = otherTieWeights[j];
            }
            if (takeMine) {
                mergedPositives[n] += positives[i];
                mergedNegatives[n] += negatives[i++];
            }
            if (takeOther) {
                mergedPositives[n] += otherPositives[j];
                mergedNegatives[n] += otherNegatives[j++];
            }
            n++;
        }
        bins = mergedBins;
        positives = mergedPositives;
        negatives = mergedNegatives;
        tieScores = mergedTieScores;
        tieWeights = mergedTieWeights;
        size = n;
    }

    /**
     * Area under the ROC curve: the chance that a positive scores above a negative, a tie counting half (as
     * scikit-learn's {@code roc_auc_score} with sample weights); NaN without positives or without negatives.
     */
    double rocAuc() {
        compact();
        double positiveTotal = 0;
        double negativeTotal = 0;
        for (int b = 0; b < size; b++) {
            positiveTotal += positives[b];
            negativeTotal += negatives[b];
        }
        if (positiveTotal == 0 || negativeTotal == 0) {
            return Double.NaN;
        }
        double concordant = 0;
        double negativesBelow = 0;
        for (int b = 0; b < size; b++) {
            concordant += positives[b] * (negativesBelow + 0.5 * negatives[b]);
            negativesBelow += negatives[b];
        }
        return concordant / (positiveTotal * negativeTotal);
    }

    /**
     * Average precision, Σ_n (R_n − R_{n−1}) P_n over thresholds from the highest score down (scikit-learn's
     * {@code average_precision_score}): a bin of one score enters at one threshold; in a bin of several, each
     * positive's precision is taken where it would be were the bin's events evenly interleaved; NaN without
     * positives.
     */
    double averagePrecision() {
        compact();
        double positiveTotal = 0;
        for (int b = 0; b < size; b++) {
            positiveTotal += positives[b];
        }
        if (positiveTotal == 0) {
            return Double.NaN;
        }
        double truePositives = 0;
        double falsePositives = 0;
        double sum = 0;
        for (int b = size - 1; b >= 0; b--) {
            if (positives[b] > 0) {
                boolean tied = 2 * tieWeights[b] >= positives[b] + negatives[b];
                double precision = tied
                        ? (truePositives + positives[b]) / (truePositives + positives[b] + falsePositives + negatives[b])
                        : spreadPrecision(truePositives, falsePositives, positives[b], negatives[b]);
                sum += positives[b] / positiveTotal * precision;
            }
            truePositives += positives[b];
            falsePositives += negatives[b];
        }
        return sum;
    }

    /**
     * The mean precision over a bin's positives, its p positives and n negatives spread evenly after tp true and fp
     * false positives above it: ∫₀¹ (tp + p t) / (tp + fp + (p + n) t) dt.
     */
    private static double spreadPrecision(double tp, double fp, double p, double n) {
        double above = tp + fp;
        double bin = p + n;
        if (above == 0) {
            return p / bin;
        }
        return p / bin + (tp * bin - p * above) / (bin * bin) * Math.log((above + bin) / above);
    }

    /** Bins that hold events. */
    int bins() {
        compact();
        return size;
    }

    ScoreHistogram copy() {
        compact();
        return new ScoreHistogram(Arrays.copyOf(bins, size), Arrays.copyOf(positives, size),
                Arrays.copyOf(negatives, size), Arrays.copyOf(tieScores, size), Arrays.copyOf(tieWeights, size), size);
    }

    void write(DataOutputView out) throws IOException {
        compact();
        out.writeInt(size);
        for (int b = 0; b < size; b++) {
            out.writeShort(bins[b]);
            out.writeFloat(positives[b]);
            out.writeFloat(negatives[b]);
            out.writeFloat(tieScores[b]);
            out.writeFloat(tieWeights[b]);
        }
    }

    static ScoreHistogram read(DataInputView in) throws IOException {
        int size = in.readInt();
        short[] bins = new short[size];
        float[] positives = new float[size];
        float[] negatives = new float[size];
        float[] tieScores = new float[size];
        float[] tieWeights = new float[size];
        for (int b = 0; b < size; b++) {
            bins[b] = in.readShort();
            positives[b] = in.readFloat();
            negatives[b] = in.readFloat();
            tieScores[b] = in.readFloat();
            tieWeights[b] = in.readFloat();
        }
        return new ScoreHistogram(bins, positives, negatives, tieScores, tieWeights, size);
    }

    boolean sameAs(ScoreHistogram other) {
        compact();
        other.compact();
        return Arrays.equals(bins, 0, size, other.bins, 0, other.size)
                && Arrays.equals(positives, 0, size, other.positives, 0, other.size)
                && Arrays.equals(negatives, 0, size, other.negatives, 0, other.size)
                && Arrays.equals(tieScores, 0, size, other.tieScores, 0, other.size)
                && Arrays.equals(tieWeights, 0, size, other.tieWeights, 0, other.size);
    }
}

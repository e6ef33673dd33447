package io.lossmonitor.sketch;

import io.lossmonitor.savepoint.VarInts;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A binary classifier's labelled events by score: the weight of positives and of negatives in each bin of the
 * {@link LogitGrid}, and the score most of the bin's weight shares (to 1/65,535 of a
 * bin), with that weight; kept sparse, so a window whose scores cluster keeps few bins. Mergeable, and
 * enough for ROC AUC and average precision: for AUC the events of a bin count as tied, which moves it by at most half
 * the chance that a positive and a negative share a bin; for average precision a bin where one score holds at least
 * half the weight is one threshold, as exactly tied scores are, and any other has its positives and negatives spread
 * evenly through it. Reading it (for a copy, a checkpoint or a metric) never changes it, so a snapshot may write it
 * while the task reads; adding and merging are for one thread.
 */
public final class ScoreHistogram implements PartState<ScoreHistogram> {

    /** Bins in ascending order, and the weights of each bin's positives and negatives. */
    private int[] bins;
    private float[] positives;
    private float[] negatives;
    /**
     * The score that holds the most of a bin's weight (as far as merges can tell), as its place within the bin to
     * 1/65,535 of the bin's width, and that weight.
     */
    private char[] tiePlaces;
    private float[] tieWeights;
    private int size;
    /** Events added since the bins were last sorted and merged, in the order they came. */
    private int[] pendingBins = new int[16];
    private float[] pendingWeights = new float[16];
    private char[] pendingPlaces = new char[16];
    private boolean[] pendingPositive = new boolean[16];
    private int pending;

    public ScoreHistogram() {
        this(new int[0], new float[0], new float[0], new char[0], new float[0], 0);
    }

    private ScoreHistogram(int[] bins, float[] positives, float[] negatives, char[] tiePlaces, float[] tieWeights,
                           int size) {
        this.bins = bins;
        this.positives = positives;
        this.negatives = negatives;
        this.tiePlaces = tiePlaces;
        this.tieWeights = tieWeights;
        this.size = size;
    }

    /** Adds an event of logit {@code logit} (±∞ for a probability of 0 or 1), labelled positive or not. */
    public void add(double logit, boolean positive, double weight) {
        if (pending == pendingBins.length) {
            compact();
        }
        int bin = LogitGrid.bin(logit);
        pendingBins[pending] = bin;
        pendingWeights[pending] = (float) weight;
        pendingPlaces[pending] = placeInBin(logit, bin);
        pendingPositive[pending] = positive;
        pending++;
    }

    @Override
    public void merge(ScoreHistogram other) {
        ScoreHistogram theirs = other.sorted();
        compact();
        mergeSorted(theirs.bins, theirs.positives, theirs.negatives, theirs.tiePlaces, theirs.tieWeights, theirs.size);
    }

    /** Sorts the pending events into the bins; pending room grows with the bins, so each event is merged O(1) times. */
    private void compact() {
        if (pending == 0) {
            return;
        }
        ScoreHistogram sorted = sorted();
        bins = sorted.bins;
        positives = sorted.positives;
        negatives = sorted.negatives;
        tiePlaces = sorted.tiePlaces;
        tieWeights = sorted.tieWeights;
        size = sorted.size;
        pending = 0;
        int room = Math.max(16, size);
        if (pendingBins.length < room) {
            pendingBins = new int[room];
            pendingWeights = new float[room];
            pendingPlaces = new char[room];
            pendingPositive = new boolean[room];
        }
    }

    /** The bins with the pending events sorted in, as a histogram of their own; this one is left as it is. */
    private ScoreHistogram sorted() {
        ScoreHistogram sorted = new ScoreHistogram(bins, positives, negatives, tiePlaces, tieWeights, size);
        if (pending == 0) {
            return sorted;
        }
        // Each pending event as its bin (offset to be non-negative) above its index: sorting these sorts by bin.
        long[] order = new long[pending];
        for (int i = 0; i < pending; i++) {
            order[i] = ((long) (pendingBins[i] + LogitGrid.INFINITE) << 32) | i;
        }
        Arrays.sort(order);
        int[] newBins = new int[pending];
        float[] newPositives = new float[pending];
        float[] newNegatives = new float[pending];
        char[] newTiePlaces = new char[pending];
        float[] newTieWeights = new float[pending];
        int n = 0;
        for (int start = 0; start < pending; ) {
            int bin = pendingBins[(int) order[start]];
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
            heaviestScore(order, start, end, newTiePlaces, newTieWeights, n);
            n++;
            start = end;
        }
        sorted.mergeSorted(newBins, newPositives, newNegatives, newTiePlaces, newTieWeights, n);
        return sorted;
    }

    /** The score of the pending events {@code order[start, end)} (one bin) that holds the most weight, and its weight. */
    private void heaviestScore(long[] order, int start, int end, char[] places, float[] weights, int at) {
        // Each event as its place in the bin above its index: sorting groups equal scores.
        long[] byPlace = new long[end - start];
        for (int k = start; k < end; k++) {
            int i = (int) order[k];
            byPlace[k - start] = ((long) pendingPlaces[i] << 32) | i;
        }
        Arrays.sort(byPlace);
        char best = 0;
        float bestWeight = 0;
        for (int k = 0; k < byPlace.length; ) {
            char place = pendingPlaces[(int) byPlace[k]];
            float weight = 0;
            while (k < byPlace.length && pendingPlaces[(int) byPlace[k]] == place) {
                weight += pendingWeights[(int) byPlace[k++]];
            }
            if (weight > bestWeight) {
                best = place;
                bestWeight = weight;
            }
        }
        places[at] = best;
        weights[at] = bestWeight;
    }

    private void mergeSorted(int[] otherBins, float[] otherPositives, float[] otherNegatives,
                             char[] otherTiePlaces, float[] otherTieWeights, int otherSize) {
        int[] mergedBins = new int[size + otherSize];
        float[] mergedPositives = new float[size + otherSize];
        float[] mergedNegatives = new float[size + otherSize];
        char[] mergedTiePlaces = new char[size + otherSize];
        float[] mergedTieWeights = new float[size + otherSize];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < otherSize) {
            boolean takeMine = j == otherSize || (i < size && bins[i] <= otherBins[j]);
            boolean takeOther = i == size || (j < otherSize && otherBins[j] <= bins[i]);
            mergedBins[n] = takeMine ? bins[i] : otherBins[j];
            if (takeMine && takeOther && tiePlaces[i] == otherTiePlaces[j]) {
                mergedTiePlaces[n] = tiePlaces[i];
                mergedTieWeights[n] = tieWeights[i] + otherTieWeights[j];
            } else if (takeMine && (!takeOther || tieWeights[i] >= otherTieWeights[j])) {
                mergedTiePlaces[n] = tiePlaces[i];
                mergedTieWeights[n] = tieWeights[i];
            } else {
                mergedTiePlaces[n] = otherTiePlaces[j];
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
        tiePlaces = mergedTiePlaces;
        tieWeights = mergedTieWeights;
        size = n;
    }

    /**
     * Area under the ROC curve: the chance that a positive scores above a negative, a tie counting half (as
     * scikit-learn's {@code roc_auc_score} with sample weights); NaN without positives or without negatives.
     */
    public double rocAuc() {
        return sorted().sortedRocAuc();
    }

    private double sortedRocAuc() {
        return RocArea.of(size, b -> positives[b], b -> negatives[b]);
    }

    /**
     * Average precision, Σ_n (R_n − R_{n−1}) P_n over thresholds from the highest score down (scikit-learn's
     * {@code average_precision_score}): a bin of one score enters at one threshold; in a bin of several, each
     * positive's precision is taken where it would be were the bin's events evenly interleaved; NaN without
     * positives.
     */
    public double averagePrecision() {
        return sorted().sortedAveragePrecision();
    }

    private double sortedAveragePrecision() {
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

    @Override
    public ScoreHistogram copy() {
        ScoreHistogram sorted = sorted();
        return sorted.copyOfSorted();
    }

    private ScoreHistogram copyOfSorted() {
        return new ScoreHistogram(Arrays.copyOf(bins, size), Arrays.copyOf(positives, size),
                Arrays.copyOf(negatives, size), Arrays.copyOf(tiePlaces, size), Arrays.copyOf(tieWeights, size), size);
    }

    /**
     * The bins that hold events, compactly: each bin as the step from the one before, weights that are whole numbers
     * (counts of unweighted events) as variable-length integers, and the heaviest score's place within the bin.
     */
    @Override
    public void write(DataOutputView out) throws IOException {
        sorted().writeSorted(out);
    }

    private void writeSorted(DataOutputView out) throws IOException {
        VarInts.writeUnsigned(size, out);
        int previous = LogitGrid.FIRST_STEP_FROM;
        for (int b = 0; b < size; b++) {
            VarInts.writeUnsigned(bins[b] - previous, out);
            previous = bins[b];
            CompactNumbers.writeWeight(out, positives[b]);
            CompactNumbers.writeWeight(out, negatives[b]);
            CompactNumbers.writeWeight(out, tieWeights[b]);
            out.writeChar(tiePlaces[b]);
        }
    }

    public static ScoreHistogram read(DataInputView in) throws IOException {
        int size = (int) VarInts.readUnsigned(in);
        int[] bins = new int[size];
        float[] positives = new float[size];
        float[] negatives = new float[size];
        char[] tiePlaces = new char[size];
        float[] tieWeights = new float[size];
        int previous = LogitGrid.FIRST_STEP_FROM;
        for (int b = 0; b < size; b++) {
            bins[b] = (int) (previous + VarInts.readUnsigned(in));
            previous = bins[b];
            positives[b] = CompactNumbers.readWeight(in);
            negatives[b] = CompactNumbers.readWeight(in);
            tieWeights[b] = CompactNumbers.readWeight(in);
            tiePlaces[b] = in.readChar();
        }
        return new ScoreHistogram(bins, positives, negatives, tiePlaces, tieWeights, size);
    }

    /** Where in its bin a score lies, 0 to 65,535; ±∞ is the one score of its bin. */
    private static char placeInBin(double score, int bin) {
        return (char) Math.round(LogitGrid.placeInBin(score, bin) * 65_535);
    }

    public boolean sameAs(ScoreHistogram other) {
        return sorted().sameSortedAs(other.sorted());
    }

    private boolean sameSortedAs(ScoreHistogram other) {
        return Arrays.equals(bins, 0, size, other.bins, 0, other.size)
                && Arrays.equals(positives, 0, size, other.positives, 0, other.size)
                && Arrays.equals(negatives, 0, size, other.negatives, 0, other.size)
                && Arrays.equals(tiePlaces, 0, size, other.tiePlaces, 0, other.size)
                && Arrays.equals(tieWeights, 0, size, other.tieWeights, 0, other.size);
    }
}

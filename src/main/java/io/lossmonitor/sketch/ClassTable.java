package io.lossmonitor.sketch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A multi-class window's labelled events per class, by the class's name (its index as text when unnamed): the weight
 * of the events of that label (support), of those predicted as it, of those both, and the weighted sum of their
 * cross-entropy; every class a model declares is listed, even one that never occurs. A model with more classes than
 * the limit keeps no table. Mergeable; not thread-safe.
 */
public final class ClassTable implements PartState<ClassTable> {

    private static final int SUPPORT = 0;
    private static final int PREDICTED = 1;
    private static final int TRUE_POSITIVE = 2;
    private static final int CROSS_ENTROPY = 3;
    private static final int FIELDS = 4;
    /** The names of the first unnamed classes, made once. */
    private static final String[] INDEX_NAMES = new String[1024];

    static {
        for (int i = 0; i < INDEX_NAMES.length; i++) {
            INDEX_NAMES[i] = Integer.toString(i);
        }
    }

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private double[] sums = new double[0];
    /** The model had more classes than the limit: no table. */
    private boolean overLimit;
    /** The most classes the table keeps; a merge that goes beyond drops it. */
    private int limit = Integer.MAX_VALUE;

    /**
     * Adds a labelled event of a model with {@code classes} classes (named by {@code classNames}, or null).
     *
     * @param limit the most classes a model may have for its classes to be tabled
     */
    public void add(int classes, String[] classNames, int label, int predicted, double crossEntropy, double weight,
             int limit) {
        if (overLimit) {
            return;
        }
        this.limit = limit;
        if (classes > limit) {
            drop();
            return;
        }
        if (names.size() < classes) {
            for (int c = 0; c < classes; c++) {
                slot(name(classNames, c));
            }
        }
        int truth = FIELDS * slot(name(classNames, label));
        int guess = FIELDS * slot(name(classNames, predicted));
        sums[truth + SUPPORT] += weight;
        sums[truth + CROSS_ENTROPY] += weight * crossEntropy;
        sums[guess + PREDICTED] += weight;
        if (label == predicted) {
            sums[truth + TRUE_POSITIVE] += weight;
        }
    }

    private static String name(String[] classNames, int c) {
        if (classNames != null) {
            return classNames[c];
        }
        return c < INDEX_NAMES.length ? INDEX_NAMES[c] : Integer.toString(c);
    }

    private int slot(String name) {
        Integer i = index.get(name);
        if (i != null) {
            return i;
        }
        int slot = names.size();
        index.put(name, slot);
        names.add(name);
        if (sums.length < FIELDS * names.size()) {
            sums = Arrays.copyOf(sums, Math.max(FIELDS * names.size(), 2 * sums.length));
        }
        return slot;
    }

    private void drop() {
        overLimit = true;
        index.clear();
        names.clear();
        sums = new double[0];
    }

    @Override
    public void merge(ClassTable other) {
        if (overLimit) {
            return;
        }
        if (other.overLimit) {
            drop();
            return;
        }
        limit = Math.min(limit, other.limit);
        for (int c = 0; c < other.names.size(); c++) {
            int to = FIELDS * slot(other.names.get(c));
            for (int f = 0; f < FIELDS; f++) {
                sums[to + f] += other.sums[FIELDS * c + f];
            }
        }
        if (names.size() > limit) {
            drop();
        }
    }

    /** The classes, in the order first seen; empty when the model had too many. */
    public List<String> names() {
        return names;
    }

    public boolean overLimit() {
        return overLimit;
    }

    /**
     * Per class: weighted support, precision, recall, F1 and mean cross-entropy, five values a class; NaN where a
     * ratio's denominator is 0.
     */
    public double[] perClass() {
        double[] out = new double[5 * names.size()];
        for (int c = 0; c < names.size(); c++) {
            int i = FIELDS * c;
            double support = sums[i + SUPPORT];
            double predicted = sums[i + PREDICTED];
            double truePositive = sums[i + TRUE_POSITIVE];
            out[5 * c] = support;
            out[5 * c + 1] = predicted > 0 ? truePositive / predicted : Double.NaN;
            out[5 * c + 2] = support > 0 ? truePositive / support : Double.NaN;
            out[5 * c + 3] = support + predicted > 0 ? 2 * truePositive / (support + predicted) : Double.NaN;
            out[5 * c + 4] = support > 0 ? sums[i + CROSS_ENTROPY] / support : Double.NaN;
        }
        return out;
    }

    /** The mean F1 over the classes that are a label or a prediction of some event; NaN when there are none. */
    public double macroF1() {
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < names.size(); c++) {
            int i = FIELDS * c;
            double both = sums[i + SUPPORT] + sums[i + PREDICTED];
            if (both > 0) {
                sum += 2 * sums[i + TRUE_POSITIVE] / both;
                classes++;
            }
        }
        return classes > 0 ? sum / classes : Double.NaN;
    }

    @Override
    public ClassTable copy() {
        ClassTable copy = new ClassTable();
        copy.overLimit = overLimit;
        copy.limit = limit;
        copy.index.putAll(index);
        copy.names.addAll(names);
        copy.sums = sums.clone();
        return copy;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        out.writeBoolean(overLimit);
        out.writeInt(limit);
        out.writeInt(names.size());
        for (int c = 0; c < names.size(); c++) {
            out.writeUTF(names.get(c));
            for (int f = 0; f < FIELDS; f++) {
                out.writeDouble(sums[FIELDS * c + f]);
            }
        }
    }

    public static ClassTable read(DataInputView in) throws IOException {
        ClassTable table = new ClassTable();
        table.overLimit = in.readBoolean();
        table.limit = in.readInt();
        int classes = in.readInt();
        table.sums = new double[FIELDS * classes];
        for (int c = 0; c < classes; c++) {
            table.slot(in.readUTF());
            for (int f = 0; f < FIELDS; f++) {
                table.sums[FIELDS * c + f] = in.readDouble();
            }
        }
        return table;
    }

    public boolean sameAs(ClassTable other) {
        return overLimit == other.overLimit && limit == other.limit && names.equals(other.names)
                && Arrays.equals(sums, 0, FIELDS * names.size(), other.sums, 0, FIELDS * other.names.size());
    }
}

package io.lossmonitor.event;

import java.util.ArrayList;
import java.util.List;

/** The fields of one prediction record as the JSON held them, before validation; reused across records. */
final class RawEventFields {

    /** How a probabilities/logits field was written. */
    enum Shape { ABSENT, NUMBER, ARRAY, OBJECT }

    String model;
    String version;
    String segment;
    String id;

    boolean hasTimestampNumber;
    double timestampNumber;
    String timestampText;

    boolean hasWeight;
    double weight;

    boolean hasPrediction;
    double prediction;
    boolean hasProbability;
    double probability;

    Shape probabilitiesShape;
    Shape logitsShape;
    double logitNumber;
    /** Values of whichever of probabilities/logits was a collection (at most one is allowed). */
    final DoubleBuffer values = new DoubleBuffer();
    /** Keys of that collection when it was an object. */
    final List<String> valueNames = new ArrayList<>();

    List<String> classes;

    LabelKind labelKind;
    double labelNumber;
    String labelText;
    boolean labelBoolean;

    void reset() {
        model = null;
        version = null;
        segment = null;
        id = null;
        hasTimestampNumber = false;
        timestampText = null;
        hasWeight = false;
        hasPrediction = false;
        hasProbability = false;
        probabilitiesShape = Shape.ABSENT;
        logitsShape = Shape.ABSENT;
        values.clear();
        valueNames.clear();
        classes = null;
        labelKind = LabelKind.ABSENT;
        labelText = null;
    }

    /** A growable list of primitive doubles, so reading scores boxes nothing. */
    static final class DoubleBuffer {
        private double[] data = new double[16];
        private int size;

        void add(double v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, 2 * size);
            }
            data[size++] = v;
        }

        int size() {
            return size;
        }

        double get(int i) {
            return data[i];
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }

        void clear() {
            size = 0;
        }
    }
}

package io.lossmonitor.event;

/**
 * Resolves a label as written (number, string or boolean) against the prediction it belongs to: a finite
 * number for regression, 0/1 for binary, a class index or name for multi-class, 1 or −1 for a pair.
 */
public final class Labels {

    private Labels() {}

    /**
     * @return the regression target, or the class index
     * @throws InvalidEventException saying why the label does not fit the prediction
     */
    public static double resolve(LabelKind kind, double number, String text, boolean bool, PredictionEvent prediction)
            throws InvalidEventException {
        if (kind == LabelKind.RELEVANCE && prediction.task != Task.RANKING) {
            throw InvalidEventException.invalid("'relevant' and 'gains' judge a ranked list, but the prediction is a "
                    + prediction.task.jsonName() + " one; its ground truth is 'label'");
        }
        return switch (prediction.task) {
            case RANKING -> {
                if (kind != LabelKind.RELEVANCE) {
                    throw InvalidEventException.invalid("a ranked list's label is 'relevant' (the items that were "
                            + "clicked) or 'gains' (item to graded gain), got 'label' " + describe(kind, number, text,
                            bool));
                }
                yield 0;
            }
            case REGRESSION -> {
                if (kind != LabelKind.NUMBER) {
                    throw InvalidEventException.invalid("'label' must be a number for a regression prediction, got "
                            + describe(kind, number, text, bool));
                }
                if (!Double.isFinite(number)) {
                    throw InvalidEventException.invalid("'label' must be finite, got " + number);
                }
                yield number;
            }
            case BINARY -> {
                if (kind == LabelKind.BOOLEAN) {
                    yield bool ? 1 : 0;
                }
                if (kind == LabelKind.NUMBER && (number == 0 || number == 1)) {
                    yield number;
                }
                throw InvalidEventException.invalid("'label' must be 0, 1, true or false for a binary prediction, "
                        + "got " + describe(kind, number, text, bool));
            }
            case MULTICLASS -> classIndex(kind, number, text, bool, prediction);
            case PAIR -> {
                if (kind == LabelKind.NUMBER && (number == 1 || number == -1)) {
                    yield number;
                }
                throw InvalidEventException.invalid("'label' must be 1 (similar) or -1 (dissimilar) for a pair, got "
                        + describe(kind, number, text, bool));
            }
            case TRIPLET -> throw InvalidEventException.invalid("a triplet takes no label: its positive and negative "
                    + "are its supervision");
        };
    }

    private static int classIndex(LabelKind kind, double number, String text, boolean bool, PredictionEvent e)
            throws InvalidEventException {
        int k = e.scores.length;
        if (kind == LabelKind.NUMBER) {
            if (number != Math.rint(number)) {
                throw InvalidEventException.invalid("'label' " + number + " is not a class index (a whole number)");
            }
            if (number < 0 || number >= k) {
                throw InvalidEventException.invalid("'label' " + (long) number + " is out of range for " + k
                        + " classes (0.." + (k - 1) + ")");
            }
            return (int) number;
        }
        if (kind == LabelKind.STRING) {
            if (e.classes == null) {
                throw InvalidEventException.invalid("'label' \"" + EventValidator.abbreviate(text)
                        + "\" is a class name, but the prediction has no class names (send 'classes', "
                        + "or the scores as an object)");
            }
            for (int c = 0; c < k; c++) {
                if (e.classes[c].equals(text)) {
                    return c;
                }
            }
            throw InvalidEventException.invalid("'label' \"" + EventValidator.abbreviate(text)
                    + "\" is not one of the classes " + classList(e.classes));
        }
        throw InvalidEventException.invalid("'label' must be a class index or class name for a multi-class "
                + "prediction, got " + describe(kind, number, text, bool));
    }

    static String describe(LabelKind kind, double number, String text, boolean bool) {
        return switch (kind) {
            case NUMBER -> String.valueOf(number);
            case STRING -> "\"" + EventValidator.abbreviate(text) + "\"";
            case BOOLEAN -> String.valueOf(bool);
            case ABSENT -> "nothing";
            case RELEVANCE -> "a relevance label";
        };
    }

    private static String classList(String[] classes) {
        int shown = Math.min(classes.length, 10);
        StringBuilder s = new StringBuilder("[");
        for (int c = 0; c < shown; c++) {
            s.append(c == 0 ? "" : ", ").append(EventValidator.abbreviate(classes[c]));
        }
        return s.append(classes.length > shown ? ", … (" + classes.length + " in all)]" : "]").toString();
    }
}

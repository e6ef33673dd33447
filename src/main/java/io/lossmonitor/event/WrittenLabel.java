package io.lossmonitor.event;

/**
 * A label as its record wrote it (a number, a string, a boolean, or a ranked list's relevance), before it is resolved
 * against the task and classes of the prediction it labels; {@link #UNKNOWN} when only the fact that an id was
 * labelled is known.
 *
 * @param relevance the relevance of a {@link LabelKind#RELEVANCE} label; null for the other kinds
 */
public record WrittenLabel(LabelKind kind, double number, String text, boolean bool, Relevance relevance) {

    public static final WrittenLabel UNKNOWN = new WrittenLabel(LabelKind.ABSENT, 0, null, false, null);

    public static WrittenLabel number(double value) {
        return new WrittenLabel(LabelKind.NUMBER, value, null, false, null);
    }

    public static WrittenLabel text(String value) {
        return new WrittenLabel(LabelKind.STRING, 0, value, false, null);
    }

    public static WrittenLabel bool(boolean value) {
        return new WrittenLabel(LabelKind.BOOLEAN, 0, null, value, null);
    }

    public static WrittenLabel relevance(Relevance value) {
        return new WrittenLabel(LabelKind.RELEVANCE, 0, null, false, value);
    }

    public boolean isKnown() {
        return kind != LabelKind.ABSENT;
    }

    /**
     * @return the regression target, or the class index
     * @throws InvalidEventException saying why the label does not fit the prediction
     */
    public double resolveFor(PredictionEvent prediction) throws InvalidEventException {
        return Labels.resolve(kind, number, text, bool, prediction);
    }

    @Override
    public String toString() {
        return kind == LabelKind.RELEVANCE ? String.valueOf(relevance) : Labels.describe(kind, number, text, bool);
    }
}

package io.lossmonitor.event;

/**
 * A label as its record wrote it (a number, a string or a boolean), before it is resolved against the task and
 * classes of the prediction it labels; {@link #UNKNOWN} when only the fact that an id was labelled is known.
 */
public record WrittenLabel(LabelKind kind, double number, String text, boolean bool) {

    public static final WrittenLabel UNKNOWN = new WrittenLabel(LabelKind.ABSENT, 0, null, false);

    public static WrittenLabel number(double value) {
        return new WrittenLabel(LabelKind.NUMBER, value, null, false);
    }

    public static WrittenLabel text(String value) {
        return new WrittenLabel(LabelKind.STRING, 0, value, false);
    }

    public static WrittenLabel bool(boolean value) {
        return new WrittenLabel(LabelKind.BOOLEAN, 0, null, value);
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
        return Labels.describe(kind, number, text, bool);
    }
}

package io.lossmonitor.alert;

/** One alert record: a rule starting to fire for a key, or resolving (a Flink POJO). NaN numbers are absent. */
public class Alert {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public String model;
    /** For a comparison alert, the champion its model (the challenger) is compared with; null otherwise. */
    public String champion;
    public String version;
    public String segment;
    public String metric;
    public String rule;
    public String state;
    public long windowStart;
    public long windowEnd;
    public double value;
    public double baseline = Double.NaN;
    public double threshold = Double.NaN;
    public String message;

    public Alert() {}

    @Override
    public String toString() {
        return state + " " + rule + " " + model + "/" + version + "/" + segment + " " + metric + ": " + message;
    }
}

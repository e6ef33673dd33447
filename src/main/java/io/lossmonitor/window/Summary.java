package io.lossmonitor.window;

/** How a window turns what it kept of its events into one metric's number, and that number's standard error. */
public interface Summary {

    /** What a window kept of its events, read by metric. */
    interface Window {
        /** Weighted mean of a metric's per-event values, NaN when it has none. */
        double mean(Metric m);

        /** Standard error of that mean (Kish's effective n), NaN below two events. */
        double standardError(Metric m);

        /** Weighted standard deviation of a metric's per-event values (reliability weights, n − 1). */
        double standardDeviation(Metric m);

        long labelledEvents();

        long predictions();

        /** Median label delay of the joined outcomes, ms; NaN when there are none. */
        double labelDelayMedian();
    }

    double value(Window w, Metric m);

    /** NaN where the summary has no standard error. */
    default double standardError(Window w, Metric m) {
        return Double.NaN;
    }

    /** How the window summarises, for people (the README's metric table). */
    String describe();

    /** The weighted mean Σwx / Σw of the metric's own per-event values. */
    Summary MEAN = new Summary() {
        @Override
        public double value(Window w, Metric m) {
            return w.mean(m);
        }

        @Override
        public double standardError(Window w, Metric m) {
            return w.standardError(m);
        }

        @Override
        public String describe() {
            return "weighted mean";
        }
    };

    /** Labelled events / predictions. */
    Summary LABEL_COVERAGE = new Summary() {
        @Override
        public double value(Window w, Metric m) {
            return w.predictions() > 0 ? (double) w.labelledEvents() / w.predictions() : Double.NaN;
        }

        @Override
        public String describe() {
            return "labelled events / predictions";
        }
    };

    /** The median of the joined outcomes' label delays, from a mergeable quantile sketch. */
    Summary MEDIAN_LABEL_DELAY = new Summary() {
        @Override
        public double value(Window w, Metric m) {
            return w.labelDelayMedian();
        }

        @Override
        public String describe() {
            return "median (KLL sketch, about 1 % rank error)";
        }
    };

    /** 1 − the mean of another metric, with its standard error. */
    static Summary complementOf(Metric of) {
        return new Summary() {
            @Override
            public double value(Window w, Metric m) {
                return 1.0 - w.mean(of);
            }

            @Override
            public double standardError(Window w, Metric m) {
                return w.standardError(of);
            }

            @Override
            public String describe() {
                return "1 − `" + of.jsonName() + "`";
            }
        };
    }

    /** The square root of another metric's mean. */
    static Summary rootOf(Metric of) {
        return new Summary() {
            @Override
            public double value(Window w, Metric m) {
                return Math.sqrt(w.mean(of));
            }

            @Override
            public String describe() {
                return "√`" + of.jsonName() + "`";
            }
        };
    }

    /** The weighted standard deviation of another metric's per-event values. */
    static Summary deviationOf(Metric of) {
        return new Summary() {
            @Override
            public double value(Window w, Metric m) {
                return w.standardDeviation(of);
            }

            @Override
            public String describe() {
                return "weighted standard deviation (n − 1) of " + of.perEventDefinition();
            }
        };
    }
}

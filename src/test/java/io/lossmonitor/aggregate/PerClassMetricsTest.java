package io.lossmonitor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.Task;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.window.ModelKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Per-class support, precision, recall, F1 and cross-entropy, and macro F1, of multi-class windows against
 * scikit-learn's {@code precision_recall_fscore_support} and {@code f1_score(average="macro")} written in the tests,
 * with weights, named classes given in different orders, a class that never occurs, and the per-class limit.
 */
class PerClassMetricsTest {

    private static final ModelKey MULTICLASS = new ModelKey("animals", null, null, Task.MULTICLASS);
    private static final String[] NAMES = {"cat", "dog", "bird", "fish"};

    @Test
    void namedClassesInAnyOrderMatchScikitLearnAndAClassThatNeverOccursIsListedEmpty() {
        Random random = new Random(3);
        List<PredictionEvent> events = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // Fish gets no probability to speak of and is never the label.
            double[] p = {random.nextDouble(), random.nextDouble(), random.nextDouble(), 1e-6};
            double sum = Arrays.stream(p).sum();
            for (int c = 0; c < 4; c++) {
                p[c] /= sum;
            }
            int label = random.nextInt(3);
            double w = 1 + random.nextInt(3);
            // Half the events name their classes in another order, as an object of class to probability would.
            boolean reversed = i % 2 == 0;
            String[] names = reversed ? new String[] {"fish", "bird", "dog", "cat"} : NAMES.clone();
            double[] scores = reversed ? new double[] {p[3], p[2], p[1], p[0]} : p;
            PredictionEvent e = event(scores, names, reversed ? 3 - label : label, w);
            events.add(e);
            samples.add(new Sample(NAMES[label], NAMES[argmax(p)], -Math.log(p[label]), w));
        }
        LossAggregate window = window(events, LossParameters.DEFAULTS);

        Map<String, double[]> reference = reference(samples, NAMES);
        assertThat(window.perClassNames).containsExactlyInAnyOrder(NAMES);
        for (int c = 0; c < window.perClassNames.length; c++) {
            double[] expected = reference.get(window.perClassNames[c]);
            for (int f = 0; f < 5; f++) {
                double actual = window.perClassValues[5 * c + f];
                String what = window.perClassNames[c] + " " + List.of("support", "precision", "recall", "f1",
                        "cross_entropy").get(f);
                if (Double.isNaN(expected[f])) {
                    assertThat(actual).as(what).isNaN();
                } else {
                    assertThat(actual).as(what).isCloseTo(expected[f], within(1e-12));
                }
            }
        }
        double fish = reference.get("fish")[0];
        assertThat(fish).as("fish never occurs").isZero();
        assertThat(window.value(Metric.MACRO_F1)).as("over cat, dog and bird, as scikit-learn's labels would be")
                .isCloseTo((reference.get("cat")[3] + reference.get("dog")[3] + reference.get("bird")[3]) / 3,
                        within(1e-12));
    }

    @Test
    void unnamedClassesAreNamedByTheirIndex() {
        LossAggregate window = window(List.of(event(new double[] {0.7, 0.3}, null, 0, 1),
                event(new double[] {0.2, 0.8}, null, 0, 1)), LossParameters.DEFAULTS);

        assertThat(window.perClassNames).containsExactly("0", "1");
        assertThat(window.perClassValues[0]).as("support of 0").isEqualTo(2);
        assertThat(window.perClassValues[5 + 1]).as("precision of 1").isZero();
        assertThat(window.perClassValues[5 + 2]).as("recall of 1: it is never the label").isNaN();
        assertThat(window.value(Metric.MACRO_F1)).as("class 0: 2·1 / (1 + 2); class 1: 0").isEqualTo(1.0 / 3);
    }

    @Test
    void aModelWithMoreClassesThanTheLimitHasNoPerClassMetrics() {
        LossParameters limitThree = new LossParameters(1.0, 2.0, 0.25, 1e-15, 3);
        LossAggregate window = window(List.of(event(new double[] {0.4, 0.3, 0.2, 0.1}, NAMES, 0, 1)), limitThree);

        assertThat(window.perClassNames).isNull();
        assertThat(window.value(Metric.MACRO_F1)).isNaN();
        assertThat(window.value(Metric.CROSS_ENTROPY)).as("the other metrics are there")
                .isCloseTo(-Math.log(0.4), within(1e-12));
    }

    /** One labelled event as its true and predicted class names, its cross-entropy and weight. */
    private record Sample(String truth, String predicted, double crossEntropy, double weight) {}

    /** Per class: weighted support, precision, recall, F1 and mean cross-entropy, NaN for 0/0 (sklearn warns). */
    private static Map<String, double[]> reference(List<Sample> samples, String[] classes) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String c : classes) {
            double support = 0;
            double predicted = 0;
            double tp = 0;
            double ce = 0;
            for (Sample s : samples) {
                support += s.truth.equals(c) ? s.weight : 0;
                predicted += s.predicted.equals(c) ? s.weight : 0;
                tp += s.truth.equals(c) && s.predicted.equals(c) ? s.weight : 0;
                ce += s.truth.equals(c) ? s.weight * s.crossEntropy : 0;
            }
            double precision = tp / predicted;
            double recall = tp / support;
            double f1 = predicted == 0 && support == 0 ? Double.NaN
                    : precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            out.put(c, new double[] {support, precision, recall, f1, ce / support});
        }
        return out;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    private static LossAggregate window(List<PredictionEvent> events, LossParameters params) {
        LossAccumulator[] partials = {LossAccumulator.empty(), LossAccumulator.empty()};
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < events.size(); i++) {
            partials[i % 2].add(events.get(i), params, scratch);
        }
        return partials[0].merge(partials[1]).summarize(MULTICLASS.task, 0, 60_000, 0);
    }

    private static PredictionEvent event(double[] probabilities, String[] names, int label, double weight) {
        PredictionEvent e = new PredictionEvent();
        e.model = "animals";
        e.task = Task.MULTICLASS;
        e.scores = probabilities;
        e.classes = names;
        e.label = label;
        e.labelled = true;
        e.weight = weight;
        return e;
    }
}

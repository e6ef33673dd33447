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
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Merging partial accumulators gives the same aggregate whatever the split and merge order, and equals the
 * weighted means and standard errors computed directly (two-pass) from the events.
 */
class LossAccumulatorMergeProperties {

    private static final ModelKey KEY = new ModelKey("m", null, null, Task.REGRESSION);
    private static final LossParameters PARAMS = LossParameters.DEFAULTS;

    @Property(tries = 300)
    void mergeIsIndependentOfSplitAndOrder(@ForAll("regressionEvents") @Size(min = 1, max = 60) List<PredictionEvent> events,
                                           @ForAll @IntRange(min = 1, max = 8) int parts, @ForAll long seed) {
        LossAggregate sequential = accumulate(events).summarize(KEY.task, 0, 60_000, 0);

        List<LossAccumulator> partials = new ArrayList<>();
        Random random = new Random(seed);
        for (int p = 0; p < parts; p++) {
            partials.add(LossAccumulator.empty());
        }
        ScoredEvent scratch = new ScoredEvent();
        for (PredictionEvent e : events) {
            partials.get(random.nextInt(parts)).add(e, PARAMS, scratch);
        }
        Collections.shuffle(partials, random);
        LossAccumulator merged = LossAccumulator.empty();
        for (LossAccumulator partial : partials) {
            merged = random.nextBoolean() ? merged.merge(partial) : partial.merge(merged);
        }
        LossAggregate result = merged.summarize(KEY.task, 0, 60_000, 0);

        assertThat(result.count).isEqualTo(sequential.count);
        assertThat(result.weightSum).isCloseTo(sequential.weightSum, within(1e-9 * sequential.weightSum));
        for (Metric m : Metric.values()) {
            assertClose(result.value(m), sequential.value(m), m + " value");
            assertClose(result.standardError(m), sequential.standardError(m), m + " stderr");
        }
    }

    @Property(tries = 300)
    void meansAndStandardErrorsEqualTheTwoPassDefinitions(
            @ForAll("regressionEvents") @Size(min = 2, max = 60) List<PredictionEvent> events) {
        LossAggregate a = accumulate(events).summarize(KEY.task, 0, 60_000, 0);
        double w = 0;
        double w2 = 0;
        double sum = 0;
        for (PredictionEvent e : events) {
            double r = e.label - e.score;
            w += e.weight;
            w2 += e.weight * e.weight;
            sum += e.weight * r * r;
        }
        double mean = sum / w;
        double squares = 0;
        for (PredictionEvent e : events) {
            double r = e.label - e.score;
            squares += e.weight * (r * r - mean) * (r * r - mean);
        }
        double variance = squares / (w - w2 / w);
        double nEffective = w * w / w2;
        assertClose(a.value(Metric.MSE), mean, "mse");
        if (w - w2 / w > 1e-9 * w) {
            assertClose(a.standardError(Metric.MSE), Math.sqrt(variance / nEffective), "mse stderr");
        }
    }

    @Provide
    Arbitrary<List<PredictionEvent>> regressionEvents() {
        Arbitrary<PredictionEvent> event = Combinators.combine(
                Arbitraries.doubles().between(-100, 100),
                Arbitraries.doubles().between(-100, 100),
                Arbitraries.doubles().between(0.1, 10)).as((prediction, label, weight) -> {
                    PredictionEvent e = new PredictionEvent();
                    e.model = "m";
                    e.task = Task.REGRESSION;
                    e.score = prediction;
                    e.label = label;
                    e.labelled = true;
                    e.weight = weight;
                    return e;
                });
        return event.list();
    }

    private static LossAccumulator accumulate(List<PredictionEvent> events) {
        LossAccumulator acc = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (PredictionEvent e : events) {
            acc.add(e, PARAMS, scratch);
        }
        return acc;
    }

    private static void assertClose(double actual, double expected, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else {
            assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1.0, Math.abs(expected))));
        }
    }
}

package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.compare.ComparedLosses;
import io.lossmonitor.compare.PairedMoments;
import io.lossmonitor.estimate.PerformanceEstimate;
import io.lossmonitor.estimate.ReferenceOutcomes;
import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelParser;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.PredictionParser;
import io.lossmonitor.event.Task;
import io.lossmonitor.io.AggregateJson;
import io.lossmonitor.io.PredictionJson;
import io.lossmonitor.io.VectorReduction;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.join.LabelIdSelector;
import io.lossmonitor.join.LabelJoin;
import io.lossmonitor.join.PredictionIdSelector;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.loss.ValueLimit;
import io.lossmonitor.metric.EventScorer;
import io.lossmonitor.metric.Metric;
import io.lossmonitor.testing.ExtremeRecords;
import io.lossmonitor.testing.Parsers;
import io.lossmonitor.testing.ReferenceMetrics;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * Generated events of every task with every field at its extremes — doubles across their whole range (±1.7e308,
 * subnormals, ±0, exact 0 and 1), weights from 1e-300 to the largest double, vectors with huge and tiny components —
 * through parsing, scoring, a window's accumulator split and merged, its serializer, the aggregate and its JSON, the
 * estimation of performance from the window's own outcomes, and the losses a comparison pairs: no exception, every
 * number written finite (strict JSON; {@code null} where a metric does not apply), and the means of the regressors'
 * and binary classifiers' losses equal to a reference summed in BigDecimal from the published definitions, with the
 * README's limit on a per-event value, to 1e-9 of the mean absolute value (finite only where the window's total
 * weight is beyond the largest double, where the README says it is held).
 */
class ExtremeInputProperties {

    private static final LossParameters PARAMS = LossParameters.DEFAULTS;
    private static final ObjectMapper STRICT = new ObjectMapper();
    private static final PredictionJson WRITTEN_BACK = new PredictionJson();
    private static final MathContext PRECISION = new MathContext(60);
    private static final BigDecimal LIMIT = new BigDecimal(ValueLimit.LIMIT);

    @Property(tries = 2000)
    void noExtremeEventStopsTheWindowPathOrBlanksALoss(@ForAll("records") @Size(min = 1, max = 40) List<String> records)
            throws Exception {
        PredictionParser parser = Parsers.prediction();
        Map<Task, List<PredictionEvent>> byTask = new EnumMap<>(Task.class);
        for (String record : records) {
            try {
                PredictionEvent e = parser.parse(record.getBytes(StandardCharsets.UTF_8), T0);
                VectorReduction.reduce(e, EmbeddingParameters.DEFAULTS);
                byTask.computeIfAbsent(e.task, t -> new ArrayList<>()).add(e);
            } catch (InvalidEventException rejected) {
                assertThat(rejected.getMessage()).as("a rejection says why").isNotBlank();
            }
        }
        for (Map.Entry<Task, List<PredictionEvent>> entry : byTask.entrySet()) {
            Task task = entry.getKey();
            List<PredictionEvent> events = entry.getValue();
            LossAccumulator window = readBack(merged(events));
            LossAggregate aggregate = window.summarize(task, T0, T0 + 60_000, 0);
            aggregate.model = "m";
            assertStrictAndFinite(new AggregateJson(PARAMS).toBytes(aggregate), task);
            assertMeansMatchTheReference(task, events, aggregate);
            if (task.isClassification()) {
                PerformanceEstimate estimate = PerformanceEstimate.estimate(task, window.scoreCells(),
                        ReferenceOutcomes.of(window.scoreCells()), 0, PARAMS.epsilon());
                assertThat(estimate.valuesByName().values()).as("estimates of %s", task)
                        .allSatisfy(v -> assertThat(Double.isInfinite(v)).isFalse());
            }
            assertComparedLossesAreFinite(events);
        }
    }

    @Property(tries = 200)
    void labelsJoinedFromTheirTopicGiveTheSameWindowAsInlineLabels(
            @ForAll("records") @Size(min = 1, max = 20) List<String> records) throws Exception {
        PredictionParser parser = Parsers.prediction();
        LabelParser labels = Parsers.label();
        List<PredictionEvent> inline = new ArrayList<>();
        try (var join = new KeyedTwoInputStreamOperatorTestHarness<String, PredictionEvent, LabelEvent,
                PredictionEvent>(new LabelJoin(60_000, JoinTime.LABEL, LossMonitorPipeline.DEAD_LETTERS,
                e -> WRITTEN_BACK.toBytes(e)), new PredictionIdSelector(), new LabelIdSelector(), Types.STRING)) {
            join.open();
            for (int i = 0; i < records.size(); i++) {
                PredictionEvent e;
                try {
                    e = parser.parse(records.get(i).getBytes(StandardCharsets.UTF_8), T0);
                    VectorReduction.reduce(e, EmbeddingParameters.DEFAULTS);
                } catch (InvalidEventException rejected) {
                    continue;
                }
                if (!e.labelled || e.task == Task.TRIPLET) {
                    continue;
                }
                inline.add(e);
                ObjectNode unlabelled = (ObjectNode) STRICT.readTree(records.get(i));
                ObjectNode labelNode = STRICT.createObjectNode().put("id", "id-" + i).put("ts", T0 + 1);
                for (String field : List.of("label", "relevant", "gains")) {
                    JsonNode truth = unlabelled.remove(field);
                    if (truth != null) {
                        labelNode.set(field, truth);
                    }
                }
                unlabelled.put("id", "id-" + i);
                String labelRecord = STRICT.writeValueAsString(labelNode);
                PredictionEvent waiting = parser.parse(STRICT.writeValueAsBytes(unlabelled), T0);
                VectorReduction.reduce(waiting, EmbeddingParameters.DEFAULTS);
                join.processElement1(waiting, T0);
                join.processElement2(labels.parse(labelRecord.getBytes(StandardCharsets.UTF_8), T0), T0 + 1);
            }
            assertThat(join.getSideOutput(LossMonitorPipeline.DEAD_LETTERS)).as("nothing the join rejects").isNull();
            List<PredictionEvent> outcomes = join.extractOutputValues().stream().filter(o -> o.labelled).toList();
            assertThat(outcomes).as("one outcome per labelled prediction").hasSameSizeAs(inline);
            Map<Task, List<PredictionEvent>> inlineByTask = new EnumMap<>(Task.class);
            Map<Task, List<PredictionEvent>> joinedByTask = new EnumMap<>(Task.class);
            inline.forEach(e -> inlineByTask.computeIfAbsent(e.task, t -> new ArrayList<>()).add(e));
            outcomes.forEach(e -> joinedByTask.computeIfAbsent(e.task, t -> new ArrayList<>()).add(e));
            for (Task task : inlineByTask.keySet()) {
                LossAggregate expected = merged(inlineByTask.get(task)).summarize(task, T0, T0 + 60_000, 0);
                LossAggregate joined = merged(joinedByTask.get(task)).summarize(task, T0, T0 + 60_000, 0);
                for (Metric m : Metric.values()) {
                    if (m.appliesTo(task) && m.over() == Metric.Over.LABELLED_EVENTS) {
                        assertThat(Double.compare(joined.value(m), expected.value(m)))
                                .as("%s of %s, joined %s, inline %s", m.jsonName(), task, joined.value(m),
                                        expected.value(m)).isZero();
                    }
                }
            }
        }
    }

    /** The events added to two partial windows, merged as panes are. */
    private static LossAccumulator merged(List<PredictionEvent> events) {
        LossAccumulator first = LossAccumulator.empty();
        LossAccumulator second = LossAccumulator.empty();
        ScoredEvent scratch = new ScoredEvent();
        for (int i = 0; i < events.size(); i++) {
            (i % 2 == 0 ? first : second).add(events.get(i), PARAMS, scratch);
        }
        return first.merge(second);
    }

    private static LossAccumulator readBack(LossAccumulator window) throws Exception {
        TypeSerializer<LossAccumulator> serializer =
                TypeInformation.of(LossAccumulator.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(window, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static void assertStrictAndFinite(byte[] json, Task task) throws Exception {
        JsonNode aggregate = STRICT.readTree(json);
        List<JsonNode> all = new ArrayList<>();
        collect(aggregate, all);
        assertThat(all).as("every number of the %s aggregate", task)
                .allSatisfy(n -> assertThat(Double.isFinite(n.asDouble())).as(n.toString()).isTrue());
        for (Metric loss : List.of(Metric.MSE, Metric.MAE, Metric.HUBER, Metric.CROSS_ENTROPY, Metric.BRIER,
                Metric.TRIPLET_LOSS, Metric.COSINE_EMBEDDING_LOSS)) {
            if (loss.appliesTo(task) && aggregate.get("count").asLong() > 0) {
                assertThat(aggregate.get(loss.jsonName()).isNull()).as("%s of a window with labelled %s events",
                        loss.jsonName(), task).isFalse();
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> numbers) {
        if (node.isNumber()) {
            numbers.add(node);
        }
        node.elements().forEachRemaining(child -> collect(child, numbers));
    }

    /** mse, mae and mean_error of regressors, cross-entropy and Brier of binary probabilities, summed exactly. */
    private static void assertMeansMatchTheReference(Task task, List<PredictionEvent> events, LossAggregate a) {
        if (task == Task.REGRESSION) {
            assertMean(a, Metric.MSE, events, e -> residual(e).pow(2));
            assertMean(a, Metric.MAE, events, e -> residual(e).abs());
            assertMean(a, Metric.MEAN_ERROR, events, ExtremeInputProperties::residual);
        } else if (task == Task.RANKING) {
            assertRankingMatchesTheReference(events, a);
        } else if (task == Task.BINARY && events.stream().noneMatch(e -> e.logits)) {
            assertMean(a, Metric.CROSS_ENTROPY, events, e -> new BigDecimal(ReferenceMetrics.logLoss(
                    ReferenceMetrics.binaryRows(new double[] {e.score}), new int[] {e.labelClass()})[0]));
            assertMean(a, Metric.BRIER, events, e -> {
                BigDecimal p = new BigDecimal(e.score);
                BigDecimal missed = e.labelClass() == 1 ? BigDecimal.ONE.subtract(p) : p;
                return missed.pow(2);
            });
        }
    }

    /** Every ranking mean of the window against the per-query definitions, queries without a relevant item left out. */
    private static void assertRankingMatchesTheReference(List<PredictionEvent> events, LossAggregate a) {
        ScoredEvent scored = new ScoredEvent();
        for (Metric metric : List.of(Metric.NDCG_AT_K, Metric.MRR_AT_K, Metric.RECALL_AT_K, Metric.PRECISION_AT_K,
                Metric.HIT_RATE_AT_K, Metric.MAP_AT_K)) {
            List<PredictionEvent> withRelevant = new ArrayList<>();
            for (PredictionEvent e : events) {
                EventScorer.score(e, PARAMS, scored);
                assertThat(scored.ndcg()).as("NDCG of a query is within [0, 1]").isBetween(0.0, 1.0 + 1e-12);
                if (scored.labelled()) {
                    withRelevant.add(e);
                }
            }
            if (withRelevant.isEmpty()) {
                assertThat(a.value(metric)).as("%s of a window without a relevant item", metric.jsonName()).isNaN();
                continue;
            }
            assertMean(a, metric, withRelevant, e -> {
                EventScorer.score(e, PARAMS, scored);
                return new BigDecimal(metric.perEvent().of(scored, PARAMS));
            });
        }
    }

    private static BigDecimal residual(PredictionEvent e) {
        return new BigDecimal(e.label).subtract(new BigDecimal(e.score));
    }

    /** A per-event value in exact arithmetic. */
    private interface Exact {
        BigDecimal of(PredictionEvent e);
    }

    private static void assertMean(LossAggregate a, Metric metric, List<PredictionEvent> events, Exact value) {
        BigDecimal weighted = BigDecimal.ZERO;
        BigDecimal absolute = BigDecimal.ZERO;
        BigDecimal weights = BigDecimal.ZERO;
        for (PredictionEvent e : events) {
            BigDecimal x = value.of(e).max(LIMIT.negate()).min(LIMIT);
            BigDecimal w = new BigDecimal(e.weight);
            weighted = weighted.add(w.multiply(x, PRECISION), PRECISION);
            absolute = absolute.add(w.multiply(x.abs(), PRECISION), PRECISION);
            weights = weights.add(w, PRECISION);
        }
        if (weights.compareTo(new BigDecimal(Double.MAX_VALUE)) > 0) {
            // A total weight beyond the largest double is held there (README): the mean is finite, not exact.
            assertThat(a.value(metric)).as("%s with a total weight beyond the doubles", metric.jsonName()).isFinite();
            return;
        }
        double expected = weighted.divide(weights, PRECISION).doubleValue();
        double scale = absolute.divide(weights, PRECISION).doubleValue();
        assertThat(a.value(metric)).as("%s of %d events: the exact weighted mean, per-event values within ±%s",
                metric.jsonName(), events.size(), ValueLimit.LIMIT)
                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * scale + Double.MIN_NORMAL));
    }

    private static void assertComparedLossesAreFinite(List<PredictionEvent> events) {
        ComparedLosses compared = new ComparedLosses(PARAMS);
        PairedMoments pairs = new PairedMoments();
        Double previous = null;
        for (PredictionEvent e : events) {
            if (!e.labelled) {
                continue;
            }
            Map<String, Double> losses = compared.of(e);
            if (losses == null) {
                assertThat(e.task).as("only a ranked list without a relevant item pairs with nothing")
                        .isEqualTo(Task.RANKING);
                continue;
            }
            assertThat(losses.values()).allSatisfy(v -> assertThat(v).isFinite());
            double first = losses.values().iterator().next();
            if (previous != null) {
                pairs.add(previous, first);
            }
            previous = first;
        }
        assertThat(pairs.mean).as("a paired difference of extreme losses").isFinite();
    }

    @Provide
    Arbitrary<List<String>> records() {
        return ExtremeRecords.any().list();
    }
}

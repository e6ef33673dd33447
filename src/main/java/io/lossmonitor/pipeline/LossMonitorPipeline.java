package io.lossmonitor.pipeline;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.alert.AggregateKeySelector;
import io.lossmonitor.alert.Alert;
import io.lossmonitor.alert.DriftDetector;
import io.lossmonitor.compare.ComparisonStage;
import io.lossmonitor.estimate.WindowEstimator;
import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.io.PredictionJson;
import io.lossmonitor.join.AwaitingLabelSplitter;
import io.lossmonitor.join.LabelIdSelector;
import io.lossmonitor.join.LabelJoin;
import io.lossmonitor.join.PredictionIdSelector;
import io.lossmonitor.window.CountingEventTimeTrigger;
import io.lossmonitor.window.EventTimeStrategy;
import io.lossmonitor.window.KeyLimit;
import io.lossmonitor.window.LossAggregateFunction;
import io.lossmonitor.window.ModelKey;
import io.lossmonitor.window.PaneCombiner;
import io.lossmonitor.window.WindowInput;
import io.lossmonitor.window.WindowInputKeySelector;
import io.lossmonitor.window.WindowResultFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/**
 * The loss-monitoring dataflow, built from whatever sources and sinks it is given: parse, route dead letters,
 * join labels that arrive on their own topic, window per (model, version, segment), aggregate incrementally,
 * alert on drift, compare champions with challengers, and write aggregates, comparisons, alerts and dead letters.
 * {@code run}, the demo and the tests all build the job through {@link #defineWorkflow}.
 */
public final class LossMonitorPipeline {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    public static final OutputTag<WindowInput> LATE_EVENTS =
            new OutputTag<>("late-events", TypeInformation.of(WindowInput.class));
    /**
     * Open (key, pane) partials per source subtask before they are handed on regardless: about 100 MB at most, and
     * more than a cap that cyclic key orders would thrash (each pane handed on after one event) at 100,000 keys.
     */
    static final int MAX_OPEN_PANES = 200_000;
    /** Writes a prediction the label join or the pane combiner rejects back as an input record, for its dead letter. */
    private static final PredictionJson PREDICTIONS_WRITTEN_BACK = new PredictionJson();

    private LossMonitorPipeline() {}

    public static void defineWorkflow(StreamExecutionEnvironment env, Sources sources, Sinks sinks,
                                      PipelineSettings settings) {
        Configuration strictTypes = new Configuration();
        // Every type on the wire is a POJO; a silent Kryo fallback would be a bug, so it fails the build instead.
        strictTypes.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(strictTypes);
        env.getConfig().enableObjectReuse();

        SingleOutputStreamOperator<PredictionEvent> predictions = env
                .fromSource(sources.predictions(),
                        EventTimeStrategy.of(settings.outOfOrderness(), settings.idleness()), "predictions-source")
                .uid("predictions-source")
                .process(new DeadLetterRouter<>(DEAD_LETTERS, r -> r.event, TypeInformation.of(PredictionEvent.class)))
                .name("route-dead-letters")
                .uid("route-dead-letters");
        DataStream<DeadLetter> deadLetters = predictions.getSideOutput(DEAD_LETTERS);
        InjectedFailure failure = InjectedFailure.requested();
        if (failure != null) {
            predictions = predictions.map(failure).name("inject-failure").uid("inject-failure");
        }

        DataStream<PredictionEvent> events = predictions;
        // The streams whose events the windows count, each pre-aggregated where it is made, so that an event crosses
        // no thread before its pane does: the predictions (and inline outcomes), and the label join's output.
        List<DataStream<PredictionEvent>> counted = new ArrayList<>(List.of(predictions));
        if (sources.labels() != null) {
            SingleOutputStreamOperator<LabelEvent> labels = env
                    .fromSource(sources.labels(),
                            EventTimeStrategy.of(settings.outOfOrderness(), settings.idleness()), "labels-source")
                    .uid("labels-source")
                    .process(new DeadLetterRouter<>(DEAD_LETTERS, r -> r.label, LabelJoin.LABELS))
                    .name("route-label-dead-letters")
                    .uid("route-label-dead-letters");
            SingleOutputStreamOperator<PredictionEvent> direct = predictions
                    .process(new AwaitingLabelSplitter())
                    .name("split-awaiting-labels")
                    .uid("split-awaiting-labels");
            // The join passes every record on at its own event time: an outcome's is the time the join chose.
            SingleOutputStreamOperator<PredictionEvent> joined = direct.getSideOutput(AwaitingLabelSplitter.AWAITING)
                    .keyBy(new PredictionIdSelector())
                    .connect(labels.keyBy(new LabelIdSelector()))
                    .transform("join-labels", TypeInformation.of(PredictionEvent.class),
                            new LabelJoin(settings.labelTtl().toMillis(), settings.joinTime(), DEAD_LETTERS,
                                    e -> PREDICTIONS_WRITTEN_BACK.toBytes(e)))
                    .uid("join-labels");
            events = direct.union(joined);
            counted = List.of(direct, joined);
            deadLetters = deadLetters.union(labels.getSideOutput(DEAD_LETTERS), joined.getSideOutput(DEAD_LETTERS));
        }

        DataStream<Alert> comparisonAlerts = null;
        if (settings.comparisons().enabled()) {
            ComparisonStage compared = ComparisonStage.define(events, settings.comparisons(),
                    settings.lossParameters(), settings.window().toMillis(), settings.effectiveSlide().toMillis(),
                    settings.alertSettings().keyTtl().toMillis());
            compared.results()
                    .sinkTo(sinks.comparisons())
                    .name("comparison-sink")
                    .uid("comparison-sink");
            comparisonAlerts = compared.alerts();
            deadLetters = deadLetters.union(compared.unpairable());
        }

        WindowedLosses windowed = windowLosses(counted, settings);
        SingleOutputStreamOperator<LossAggregate> aggregates = windowed.aggregates();
        deadLetters = deadLetters.union(windowed.failed());
        if (windowed.overKeyLimit() != null) {
            deadLetters = deadLetters.union(windowed.overKeyLimit()
                    .map(new OverLimitDeadLetters(settings.maxKeys()))
                    .name("over-key-limit-to-dead-letters")
                    .uid("over-key-limit-to-dead-letters"));
        }

        DataStream<DeadLetter> late = aggregates.getSideOutput(LATE_EVENTS)
                .flatMap(new LateEventDeadLetters())
                .name("late-to-dead-letters")
                .uid("late-to-dead-letters");

        deadLetters
                .union(late)
                .sinkTo(sinks.deadLetters())
                .name("dead-letter-sink")
                .uid("dead-letter-sink");

        aggregates
                .sinkTo(sinks.aggregates())
                .name("aggregate-sink")
                .uid("aggregate-sink");

        // Each aggregate leaves the window operator on the subtask that owns its key, so the detector keeps that
        // partitioning instead of shuffling every aggregate a second time.
        DataStream<Alert> alerts = DataStreamUtils.reinterpretAsKeyedStream(aggregates, new AggregateKeySelector(),
                        TypeInformation.of(ModelKey.class))
                .transform("drift-alerts", TypeInformation.of(Alert.class), new DriftDetector(settings.alertSettings()))
                .uid("drift-alerts");
        if (comparisonAlerts != null) {
            alerts = alerts.union(comparisonAlerts);
        }
        alerts
                .sinkTo(sinks.alerts())
                .name("alert-sink")
                .uid("alert-sink");
    }

    /**
     * Pre-aggregates events per pane, windows them per key and aggregates them; late events beyond the allowed
     * lateness go to {@link #LATE_EVENTS}.
     */
    public static WindowedLosses windowLosses(DataStream<PredictionEvent> events, PipelineSettings settings) {
        return windowLosses(List.of(events), settings);
    }

    /**
     * As {@link #windowLosses(DataStream, PipelineSettings)} for several streams, each pre-aggregated on its own
     * (chained to what makes it): the first by the pane combiner {@code combine-panes}, the label join's output by
     * {@code combine-joined-panes}.
     */
    static WindowedLosses windowLosses(List<DataStream<PredictionEvent>> streams, PipelineSettings settings) {
        WindowAssigner<Object, TimeWindow> windows = settings.slide() == null
                ? TumblingEventTimeWindows.of(settings.window())
                : SlidingEventTimeWindows.of(settings.window(), settings.slide());
        DataStream<WindowInput> input = null;
        DataStream<DeadLetter> failed = null;
        for (int i = 0; i < streams.size(); i++) {
            String uid = i == 0 ? "combine-panes" : "combine-joined-panes";
            SingleOutputStreamOperator<WindowInput> combined = streams.get(i)
                    .transform(uid, TypeInformation.of(WindowInput.class), new PaneCombiner(
                            settings.effectiveSlide().toMillis(), settings.lossParameters(), MAX_OPEN_PANES,
                            DEAD_LETTERS, e -> PREDICTIONS_WRITTEN_BACK.toBytes(e)))
                    .uid(uid);
            input = input == null ? combined : input.union(combined);
            failed = failed == null ? combined.getSideOutput(DEAD_LETTERS)
                    : failed.union(combined.getSideOutput(DEAD_LETTERS));
        }
        KeyedStream<WindowInput, ModelKey> keyed = input.keyBy(new WindowInputKeySelector());
        DataStream<WindowInput> overKeyLimit = null;
        if (settings.maxKeys() != null) {
            SingleOutputStreamOperator<WindowInput> admitted = keyed
                    .process(new KeyLimit(settings.maxKeys()))
                    .name("key-limit")
                    .uid("key-limit");
            overKeyLimit = admitted.getSideOutput(KeyLimit.OVER_LIMIT);
            // Same key, same subtask: no second shuffle between the limit and the windows.
            keyed = DataStreamUtils.reinterpretAsKeyedStream(admitted, new WindowInputKeySelector(),
                    TypeInformation.of(ModelKey.class));
        }
        WindowedStream<WindowInput, ModelKey, TimeWindow> windowed = keyed
                .window(windows)
                .trigger(new CountingEventTimeTrigger(settings.effectiveSlide().toMillis()))
                .allowedLateness(settings.allowedLateness())
                .sideOutputLateData(LATE_EVENTS);
        SingleOutputStreamOperator<LossAggregate> aggregates = windowed
                .aggregate(new LossAggregateFunction(settings.lossParameters()), new WindowResultFunction(
                                !settings.allowedLateness().isZero(), new WindowEstimator(settings.estimation(),
                                settings.window(), settings.slide() == null, !settings.allowedLateness().isZero(),
                                settings.lossParameters().epsilon(), settings.alertSettings().keyTtl())),
                        TypeInformation.of(LossAccumulator.class), TypeInformation.of(LossAccumulator.class),
                        TypeInformation.of(LossAggregate.class))
                .name("loss-windows")
                .uid("loss-windows");
        return new WindowedLosses(aggregates, overKeyLimit, failed);
    }

    /**
     * The window stage's outputs.
     *
     * @param overKeyLimit input of keys beyond {@code --max-keys}; null without a limit
     * @param failed events the stage failed on, dead-lettered as internal errors
     */
    public record WindowedLosses(SingleOutputStreamOperator<LossAggregate> aggregates,
                                 DataStream<WindowInput> overKeyLimit, DataStream<DeadLetter> failed) {}
}

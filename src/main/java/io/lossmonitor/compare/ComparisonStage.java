package io.lossmonitor.compare;

import io.lossmonitor.alert.Alert;
import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.loss.LossParameters;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The champion/challenger part of the dataflow: pairs the labelled predictions of compared models by id, windows the
 * pairs per comparison, and alerts on the cumulative verdicts; predictions that cannot be paired become dead letters.
 *
 * @param results a record per comparison and window
 * @param alerts the verdicts' alerts
 * @param unpairable dead letters of predictions that cannot be paired
 */
public record ComparisonStage(DataStream<ComparisonResult> results, DataStream<Alert> alerts,
                              DataStream<DeadLetter> unpairable) {

    /**
     * @param windowMillis the windows' size, as the loss windows'
     * @param slideMillis their slide (their size when tumbling)
     * @param keyTtlMillis event time after which a comparison without pairs loses its state
     */
    public static ComparisonStage define(DataStream<PredictionEvent> events, ComparisonSettings comparisons,
                                         LossParameters params, long windowMillis, long slideMillis,
                                         long keyTtlMillis) {
        SingleOutputStreamOperator<PairedLosses> pairs = events
                .flatMap(new PairSides(comparisons.pairs(), params))
                .name("score-compared-predictions")
                .uid("score-compared-predictions")
                .keyBy(new PairSideKeySelector())
                .transform("pair-compared-predictions", TypeInformation.of(PairedLosses.class),
                        new PairJoin(comparisons.pairTtl().toMillis()))
                .uid("pair-compared-predictions");
        DataStream<DeadLetter> unpairable = pairs.getSideOutput(PairJoin.REJECTED)
                .map(new PairRejectionDeadLetters())
                .name("unpairable-to-dead-letters")
                .uid("unpairable-to-dead-letters");
        SingleOutputStreamOperator<ComparisonResult> results = pairs
                .keyBy(new PairedLossesKeySelector())
                .transform("comparison-windows", TypeInformation.of(ComparisonResult.class),
                        new ComparisonWindows(windowMillis, slideMillis, keyTtlMillis))
                .uid("comparison-windows");
        // The results leave on the subtask that owns their comparison: the verdicts keep that partitioning.
        SingleOutputStreamOperator<Alert> alerts = DataStreamUtils.reinterpretAsKeyedStream(results,
                        new ComparisonResultKeySelector(), TypeInformation.of(String.class))
                .process(new ComparisonAlerts(keyTtlMillis))
                .name("comparison-alerts")
                .uid("comparison-alerts");
        return new ComparisonStage(results, alerts, unpairable);
    }
}

package io.lossmonitor.pipeline;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.alert.Alert;
import io.lossmonitor.compare.ComparisonResult;
import io.lossmonitor.event.DeadLetter;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the pipeline writes: aggregates, dead letters, alerts and comparisons.
 *
 * @param comparisons null when the job compares no models
 */
public record Sinks(Sink<LossAggregate> aggregates, Sink<DeadLetter> deadLetters, Sink<Alert> alerts,
                    Sink<ComparisonResult> comparisons) {}

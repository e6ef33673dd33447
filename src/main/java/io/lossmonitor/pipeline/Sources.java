package io.lossmonitor.pipeline;

import io.lossmonitor.event.ParseResult;
import org.apache.flink.api.connector.source.Source;

/**
 * Where the pipeline reads: predictions, and label events when labels arrive on their own topic.
 *
 * @param labels null when every label comes inline with its prediction
 */
public record Sources(Source<ParseResult, ?, ?> predictions, Source<ParseResult, ?, ?> labels) {}

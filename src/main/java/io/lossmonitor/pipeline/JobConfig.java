package io.lossmonitor.pipeline;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.estimate.EstimationSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything a {@code run} of the job is configured with, validated: topics, windows, event time, loss
 * parameters, alerting, checkpointing and Kafka client settings.
 *
 * @param labelsTopic null when labels come inline with their predictions
 * @param slide null for tumbling windows
 * @param checkpointDir null for the cluster's configured directory, or a local one when there is none
 * @param parallelism null to leave it to the environment
 * @param maxKeys null for no limit on the keys the job keeps state for
 * @param kafkaProperties extra client properties for the source and every sink (e.g. SASL/SSL settings)
 * @param maxClockSkew how far ahead of the clock an event's time may be before it is dead-lettered; zero: no limit
 * @param comparisons {@link ComparisonSettings#NONE} for no champion/challenger comparisons
 * @param estimation how classifiers' performance is estimated before their labels
 */
public record JobConfig(
        String bootstrapServers,
        String predictionsTopic,
        String labelsTopic,
        String outputTopic,
        String alertsTopic,
        String dlqTopic,
        Duration window,
        Duration slide,
        Duration outOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        Duration labelTtl,
        JoinTime joinTime,
        LossParameters lossParameters,
        AlertSettings alertSettings,
        Duration checkpointInterval,
        String checkpointDir,
        DeliveryGuarantee delivery,
        StartingOffsets startingOffsets,
        boolean bounded,
        String groupId,
        Integer parallelism,
        Long maxKeys,
        Map<String, String> kafkaProperties,
        Duration maxClockSkew,
        ComparisonSettings comparisons,
        EstimationSettings estimation) {

    /** A configuration with estimation as by default. */
    public JobConfig(String bootstrapServers, String predictionsTopic, String labelsTopic, String outputTopic,
                     String alertsTopic, String dlqTopic, Duration window, Duration slide, Duration outOfOrderness,
                     Duration idleness, Duration allowedLateness, Duration labelTtl, JoinTime joinTime,
                     LossParameters lossParameters, AlertSettings alertSettings, Duration checkpointInterval,
                     String checkpointDir, DeliveryGuarantee delivery, StartingOffsets startingOffsets,
                     boolean bounded, String groupId, Integer parallelism, Long maxKeys,
                     Map<String, String> kafkaProperties, Duration maxClockSkew, ComparisonSettings comparisons) {
        this(bootstrapServers, predictionsTopic, labelsTopic, outputTopic, alertsTopic, dlqTopic, window, slide,
                outOfOrderness, idleness, allowedLateness, labelTtl, joinTime, lossParameters, alertSettings,
                checkpointInterval, checkpointDir, delivery, startingOffsets, bounded, groupId, parallelism, maxKeys,
                kafkaProperties, maxClockSkew, comparisons, EstimationSettings.DEFAULT);
    }

    public JobConfig {
        requirePositive(window, "--window");
        if (slide != null) {
            requirePositive(slide, "--slide");
            if (slide.compareTo(window) > 0) {
                throw new IllegalArgumentException("--slide " + slide.toMillis() + "ms must not exceed --window "
                        + window.toMillis() + "ms");
            }
        }
        requireNonNegative(outOfOrderness, "--out-of-orderness");
        requireNonNegative(idleness, "--idleness");
        requireNonNegative(allowedLateness, "--allowed-lateness");
        requireNonNegative(maxClockSkew, "--max-clock-skew");
        requirePositive(checkpointInterval, "--checkpoint-interval");
        requirePositive(labelTtl, "--label-ttl");
        if (alertSettings.keyTtl().compareTo(slide == null ? window : slide) < 0) {
            throw new IllegalArgumentException("--key-ttl " + alertSettings.keyTtl().toMillis() + "ms must be at least "
                    + "the time between two windows of a key (" + (slide == null ? window : slide).toMillis()
                    + "ms), or every key would lose its alert state between them");
        }
        if (maxKeys != null && maxKeys < 1) {
            throw new IllegalArgumentException("--max-keys must be at least 1, got " + maxKeys);
        }
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
        }
        estimation.requireLongerThan(window);
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /** The settings of the dataflow itself, independent of where records come from and go to. */
    public PipelineSettings pipelineSettings() {
        return new PipelineSettings(window, slide, outOfOrderness, idleness, allowedLateness, lossParameters,
                alertSettings, labelTtl, joinTime, maxKeys, comparisons, estimation);
    }

    private static void requirePositive(Duration d, String option) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be a positive duration, got " + d);
        }
    }

    private static void requireNonNegative(Duration d, String option) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(option + " must not be negative, got " + d);
        }
    }
}

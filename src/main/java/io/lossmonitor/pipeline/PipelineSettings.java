package io.lossmonitor.pipeline;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.estimate.EstimationSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import java.time.Duration;

/**
 * The dataflow's windowing, event-time, label-join, loss, alerting, comparison and estimation settings.
 *
 * @param slide null for tumbling windows
 * @param maxKeys null for no limit on the keys with window state
 * @param comparisons the champion/challenger pairs to compare, and how long a side waits for the other
 * @param estimation how classifiers' performance is estimated before their labels
 */
public record PipelineSettings(Duration window, Duration slide, Duration outOfOrderness, Duration idleness,
                               Duration allowedLateness, LossParameters lossParameters,
                               AlertSettings alertSettings, Duration labelTtl, JoinTime joinTime, Long maxKeys,
                               ComparisonSettings comparisons, EstimationSettings estimation) {

    /** The settings with estimation as by default. */
    public PipelineSettings(Duration window, Duration slide, Duration outOfOrderness, Duration idleness,
                            Duration allowedLateness, LossParameters lossParameters, AlertSettings alertSettings,
                            Duration labelTtl, JoinTime joinTime, Long maxKeys, ComparisonSettings comparisons) {
        this(window, slide, outOfOrderness, idleness, allowedLateness, lossParameters, alertSettings, labelTtl,
                joinTime, maxKeys, comparisons, EstimationSettings.DEFAULT);
    }

    /** The slide, or the window size for tumbling windows. */
    public Duration effectiveSlide() {
        return slide == null ? window : slide;
    }
}

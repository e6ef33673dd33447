package io.lossmonitor.pipeline;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.compare.ComparisonSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import java.time.Duration;

/**
 * The dataflow's windowing, event-time, label-join, loss, alerting and comparison settings.
 *
 * @param slide null for tumbling windows
 * @param maxKeys null for no limit on the keys with window state
 * @param comparisons the champion/challenger pairs to compare, and how long a side waits for the other
 */
public record PipelineSettings(Duration window, Duration slide, Duration outOfOrderness, Duration idleness,
                               Duration allowedLateness, LossParameters lossParameters,
                               AlertSettings alertSettings, Duration labelTtl, JoinTime joinTime, Long maxKeys,
                               ComparisonSettings comparisons) {

    /** The slide, or the window size for tumbling windows. */
    public Duration effectiveSlide() {
        return slide == null ? window : slide;
    }
}

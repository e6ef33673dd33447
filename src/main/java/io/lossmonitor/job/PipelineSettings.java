package io.lossmonitor.job;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.join.JoinTime;
import io.lossmonitor.loss.LossParameters;
import java.time.Duration;

/**
 * The dataflow's windowing, event-time, label-join, loss and alerting settings.
 *
 * @param slide null for tumbling windows
 * @param maxKeys null for no limit on the keys with window state
 */
public record PipelineSettings(Duration window, Duration slide, Duration outOfOrderness, Duration idleness,
                               Duration allowedLateness, LossParameters lossParameters,
                               AlertSettings alertSettings, Duration labelTtl, JoinTime joinTime, Long maxKeys) {

    /** The slide, or the window size for tumbling windows. */
    public Duration effectiveSlide() {
        return slide == null ? window : slide;
    }
}

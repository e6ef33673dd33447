package io.lossmonitor.job;

import io.lossmonitor.alert.AlertSettings;
import io.lossmonitor.loss.LossParameters;
import java.time.Duration;

/**
 * The dataflow's windowing, event-time, loss and alerting settings.
 *
 * @param slide null for tumbling windows
 */
public record PipelineSettings(Duration window, Duration slide, Duration outOfOrderness, Duration idleness,
                               Duration allowedLateness, LossParameters lossParameters,
                               AlertSettings alertSettings) {

    /** The slide, or the window size for tumbling windows. */
    public Duration effectiveSlide() {
        return slide == null ? window : slide;
    }
}

package io.lossmonitor.window;

import io.lossmonitor.event.PredictionEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys prediction events by {@link ModelKey}. */
public class ModelKeySelector implements KeySelector<PredictionEvent, ModelKey> {

    @Override
    public ModelKey getKey(PredictionEvent event) {
        return ModelKey.of(event);
    }
}

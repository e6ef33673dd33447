package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys predictions by the id their label event will carry. */
public class PredictionIdSelector implements KeySelector<PredictionEvent, String> {

    @Override
    public String getKey(PredictionEvent event) {
        return event.id;
    }
}

package io.lossmonitor.join;

import io.lossmonitor.event.LabelEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys label events by the id of the prediction they label. */
public class LabelIdSelector implements KeySelector<LabelEvent, String> {

    @Override
    public String getKey(LabelEvent label) {
        return label.id;
    }
}

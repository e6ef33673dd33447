package io.lossmonitor.alert;

import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.window.ModelKey;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys aggregates by the key they were computed for. */
public class AggregateKeySelector implements KeySelector<LossAggregate, ModelKey> {

    @Override
    public ModelKey getKey(LossAggregate a) {
        return new ModelKey(a.model, a.version, a.segment, a.task);
    }
}

package io.lossmonitor.compare;

import io.lossmonitor.event.PredictionEvent;

/** A prediction that cannot be paired, with the reason (a Flink POJO): a duplicate, or one of another task. */
public class PairRejection {

    public PredictionEvent event;
    public String reason;

    public PairRejection() {}

    public PairRejection(PredictionEvent event, String reason) {
        this.event = event;
        this.reason = reason;
    }
}

package io.lossmonitor.compare;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.io.PredictionJson;
import org.apache.flink.api.common.functions.MapFunction;

/** Dead letters for predictions a comparison cannot pair, with the prediction written back in canonical form. */
public class PairRejectionDeadLetters implements MapFunction<PairRejection, DeadLetter> {

    private transient PredictionJson json;

    @Override
    public DeadLetter map(PairRejection rejection) {
        if (json == null) {
            json = new PredictionJson();
        }
        PredictionEvent e = rejection.event;
        return new DeadLetter(RejectionKind.INVALID, rejection.reason, e.sourceTopic, e.sourcePartition,
                e.sourceOffset, e.kafkaTimestamp, json.toBytes(e));
    }
}

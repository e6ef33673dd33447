package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sets each record's Flink timestamp to its event's {@code timestamp}: a joined outcome is emitted while its
 * prediction or its label is being processed, but must be windowed at the event time the join chose.
 */
public class StampEventTime extends AbstractStreamOperator<PredictionEvent>
        implements OneInputStreamOperator<PredictionEvent, PredictionEvent> {

    @Override
    public void processElement(StreamRecord<PredictionEvent> record) {
        output.collect(record.replace(record.getValue(), record.getValue().timestamp));
    }
}

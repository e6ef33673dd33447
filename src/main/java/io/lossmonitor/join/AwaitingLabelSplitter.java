package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends predictions that wait for a label event (no inline label, an id to join on) to the {@link #AWAITING}
 * side output, and everything else straight on to the windows.
 */
public class AwaitingLabelSplitter extends ProcessFunction<PredictionEvent, PredictionEvent> {

    /** The predictions for the label join, written compactly on their way ({@link PredictionWireSerializer}). */
    public static final OutputTag<PredictionEvent> AWAITING = new OutputTag<>("awaiting-label", WireType.PREDICTIONS);

    @Override
    public void processElement(PredictionEvent event, Context ctx, Collector<PredictionEvent> out) {
        if (!event.labelled && event.id != null) {
            ctx.output(AWAITING, event);
        } else {
            out.collect(event);
        }
    }
}

package io.lossmonitor.job;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends valid events on and rejected records to the dead-letter side output, counting both. */
public class DeadLetterRouter extends ProcessFunction<ParseResult, PredictionEvent> {

    public static final String RECORDS_READ = "recordsRead";
    public static final String DEAD_LETTERED = "deadLettered";

    private final OutputTag<DeadLetter> deadLetters;
    private transient Counter recordsRead;
    private transient Map<RejectionKind, Counter> deadLettered;

    public DeadLetterRouter(OutputTag<DeadLetter> deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        recordsRead = metrics.counter(RECORDS_READ);
        deadLettered = new EnumMap<>(RejectionKind.class);
        for (RejectionKind kind : new RejectionKind[] {RejectionKind.MALFORMED, RejectionKind.INVALID}) {
            deadLettered.put(kind, metrics.addGroup("reason", kind.metricName()).counter(DEAD_LETTERED));
        }
    }

    @Override
    public void processElement(ParseResult record, Context ctx, Collector<PredictionEvent> out) {
        recordsRead.inc();
        if (record.isValid()) {
            out.collect(record.event);
        } else {
            deadLettered.get(record.deadLetter.kind).inc();
            ctx.output(deadLetters, record.deadLetter);
        }
    }
}

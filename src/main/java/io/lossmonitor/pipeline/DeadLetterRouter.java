package io.lossmonitor.pipeline;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.InternalErrors;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.RejectionKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Sends a source's valid records on and rejected ones to the dead-letter side output, counting both, and the events
 * refused for a time too far ahead of the clock on their own as well.
 */
public class DeadLetterRouter<T> extends ProcessFunction<ParseResult, T> implements ResultTypeQueryable<T> {

    public static final String RECORDS_READ = "recordsRead";
    public static final String DEAD_LETTERED = InternalErrors.DEAD_LETTERED;
    public static final String FUTURE_EVENTS = "futureEvents";

    private final OutputTag<DeadLetter> deadLetters;
    private final SerializableFunction<ParseResult, T> valid;
    private final TypeInformation<T> type;
    private transient Counter recordsRead;
    private transient Map<RejectionKind, Counter> deadLettered;
    private transient Counter futureEvents;

    /**
     * @param valid the valid record of a result (its prediction, or its label event)
     * @param type the type of the valid records, as they go on
     */
    public DeadLetterRouter(OutputTag<DeadLetter> deadLetters, SerializableFunction<ParseResult, T> valid,
                            TypeInformation<T> type) {
        this.deadLetters = deadLetters;
        this.valid = valid;
        this.type = type;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        recordsRead = metrics.counter(RECORDS_READ);
        deadLettered = new EnumMap<>(RejectionKind.class);
        for (RejectionKind kind : new RejectionKind[] {RejectionKind.MALFORMED, RejectionKind.INVALID,
            RejectionKind.FUTURE, RejectionKind.INTERNAL}) {
            deadLettered.put(kind, metrics.addGroup("reason", kind.metricName()).counter(DEAD_LETTERED));
        }
        futureEvents = metrics.counter(FUTURE_EVENTS);
    }

    @Override
    public void processElement(ParseResult record, Context ctx, Collector<T> out) {
        recordsRead.inc();
        if (record.isValid()) {
            out.collect(valid.apply(record));
        } else {
            deadLettered.get(record.deadLetter.kind).inc();
            if (record.deadLetter.kind == RejectionKind.FUTURE) {
                futureEvents.inc();
            }
            ctx.output(deadLetters, record.deadLetter);
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }
}

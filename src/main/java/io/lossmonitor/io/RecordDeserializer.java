package io.lossmonitor.io;

import io.lossmonitor.event.ClockGuard;
import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.InternalErrors;
import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.RejectionKind;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka record into exactly one {@link ParseResult}: what {@link #parse} makes of it, or a dead letter
 * with the reason, among them an event time too far ahead of the clock ({@link ClockGuard}). It never throws, so no
 * record can fail or stall the job.
 */
abstract class RecordDeserializer implements KafkaRecordDeserializationSchema<ParseResult> {

    private final ClockGuard guard;
    private transient InternalErrors internalErrors;

    RecordDeserializer(Duration maxClockSkew) {
        this.guard = new ClockGuard(maxClockSkew);
    }

    /** The valid result of a record, or the exception saying why it is not valid. */
    abstract ParseResult parse(ConsumerRecord<byte[], byte[]> record) throws InvalidEventException;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParseResult> out) {
        out.collect(toResult(record));
    }

    ParseResult toResult(ConsumerRecord<byte[], byte[]> record) {
        try {
            ParseResult result = parse(record);
            if (guard.isOn()) {
                guard.check(result.eventTime(), System.currentTimeMillis());
            }
            return result;
        } catch (InvalidEventException e) {
            return ParseResult.rejected(deadLetter(record, e.kind(), e.getMessage()));
        } catch (RuntimeException e) {
            // A parser bug must not take the job down: the record is kept, with what went wrong.
            return ParseResult.rejected(deadLetter(record, RejectionKind.INTERNAL, internalErrors().reasonFor(e)));
        }
    }

    private InternalErrors internalErrors() {
        if (internalErrors == null) {
            internalErrors = new InternalErrors(getClass().getSimpleName());
        }
        return internalErrors;
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, RejectionKind kind, String error) {
        return new DeadLetter(kind, error, record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.value());
    }

    @Override
    public TypeInformation<ParseResult> getProducedType() {
        return TypeInformation.of(ParseResult.class);
    }
}

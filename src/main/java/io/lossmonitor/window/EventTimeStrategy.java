package io.lossmonitor.window;

import io.lossmonitor.event.ParseResult;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for source records: the event's own time for valid events; bounded out-of-orderness watermarks
 * driven by valid events only (a dead letter's Kafka timestamp must not advance event time); idle partitions
 * stop holding the watermark back after the idleness timeout.
 */
public final class EventTimeStrategy {

    private EventTimeStrategy() {}

    public static WatermarkStrategy<ParseResult> of(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<ParseResult> strategy = WatermarkStrategy
                .<ParseResult>forGenerator(ctx -> new ValidEventWatermarks(outOfOrderness))
                .withTimestampAssigner(new EventTimestamps());
        return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
    }

    /** The event's time, or the Kafka timestamp for a dead letter (which no window uses). */
    static final class EventTimestamps implements SerializableTimestampAssigner<ParseResult> {
        @Override
        public long extractTimestamp(ParseResult record, long recordTimestamp) {
            return record.isValid() ? record.eventTime() : recordTimestamp;
        }
    }

    /** Flink's bounded out-of-orderness watermarks, over the timestamps of valid events only. */
    static final class ValidEventWatermarks implements WatermarkGenerator<ParseResult> {
        private final BoundedOutOfOrdernessWatermarks<ParseResult> bounded;

        ValidEventWatermarks(Duration outOfOrderness) {
            this.bounded = new BoundedOutOfOrdernessWatermarks<>(outOfOrderness);
        }

        @Override
        public void onEvent(ParseResult record, long eventTimestamp, WatermarkOutput output) {
            if (record.isValid()) {
                bounded.onEvent(record, eventTimestamp, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            bounded.onPeriodicEmit(output);
        }
    }
}

package io.lossmonitor.io;

import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.PredictionParser;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Records of the predictions topic: a prediction event, with where it came from, or a dead letter. */
public class PredictionDeserializer extends RecordDeserializer {

    private transient PredictionParser parser;

    /** @param maxClockSkew how far ahead of the clock an event's time may be; zero for no limit */
    public PredictionDeserializer(Duration maxClockSkew) {
        super(maxClockSkew);
    }

    @Override
    ParseResult parse(ConsumerRecord<byte[], byte[]> record) throws InvalidEventException {
        if (parser == null) {
            parser = new PredictionParser();
        }
        PredictionEvent event = parser.parse(record.value(), record.timestamp());
        event.sourceTopic = record.topic();
        event.sourcePartition = record.partition();
        event.sourceOffset = record.offset();
        event.kafkaTimestamp = record.timestamp();
        return ParseResult.valid(event);
    }
}

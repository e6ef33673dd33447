package io.lossmonitor.io;

import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelParser;
import io.lossmonitor.event.ParseResult;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Records of the labels topic: a label event, with its raw value kept for dead-lettering, or a dead letter. */
public class LabelDeserializer extends RecordDeserializer {

    private final int maxDimensions;
    private final int maxListLength;
    private transient LabelParser parser;

    /**
     * @param maxClockSkew how far ahead of the clock an event's time may be; zero for no limit
     * @param maxDimensions the longest vector a record may hold, as for predictions
     * @param maxListLength the most items a relevance label may name
     */
    public LabelDeserializer(Duration maxClockSkew, int maxDimensions, int maxListLength) {
        super(maxClockSkew);
        this.maxDimensions = maxDimensions;
        this.maxListLength = maxListLength;
    }

    @Override
    ParseResult parse(ConsumerRecord<byte[], byte[]> record) throws InvalidEventException {
        if (parser == null) {
            parser = new LabelParser(maxDimensions, maxListLength);
        }
        LabelEvent label = parser.parse(record.value(), record.timestamp());
        label.sourceTopic = record.topic();
        label.sourcePartition = record.partition();
        label.sourceOffset = record.offset();
        label.kafkaTimestamp = record.timestamp();
        label.raw = record.value();
        return ParseResult.valid(label);
    }
}

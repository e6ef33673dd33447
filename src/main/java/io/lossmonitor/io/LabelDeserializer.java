package io.lossmonitor.io;

import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.LabelParser;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.RejectionKind;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns each record of the labels topic into exactly one {@link ParseResult}: a label event or a dead letter. */
public class LabelDeserializer implements KafkaRecordDeserializationSchema<ParseResult> {

    private transient LabelParser parser;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParseResult> out) {
        if (parser == null) {
            parser = new LabelParser();
        }
        try {
            LabelEvent label = parser.parse(record.value(), record.timestamp());
            label.sourceTopic = record.topic();
            label.sourcePartition = record.partition();
            label.sourceOffset = record.offset();
            label.kafkaTimestamp = record.timestamp();
            label.raw = record.value();
            out.collect(ParseResult.valid(label));
        } catch (InvalidEventException e) {
            out.collect(ParseResult.rejected(PredictionDeserializer.deadLetter(record, e.kind(), e.getMessage())));
        } catch (RuntimeException e) {
            out.collect(ParseResult.rejected(PredictionDeserializer.deadLetter(record, RejectionKind.MALFORMED,
                    "unexpected error while parsing: " + e)));
        }
    }

    @Override
    public TypeInformation<ParseResult> getProducedType() {
        return TypeInformation.of(ParseResult.class);
    }
}

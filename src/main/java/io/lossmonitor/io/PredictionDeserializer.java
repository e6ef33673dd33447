package io.lossmonitor.io;

import io.lossmonitor.event.InvalidEventException;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.PredictionParser;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.RankingParameters;
import io.lossmonitor.loss.TripletDistance;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records of the predictions topic: a prediction event, with where it came from, or a dead letter. An embedding
 * event's vectors are reduced here to the distances or cosine its metrics read, so no vector travels further.
 */
public class PredictionDeserializer extends RecordDeserializer {

    private final EmbeddingParameters embedding;
    private final RankingParameters ranking;
    private transient PredictionParser parser;

    /**
     * @param maxClockSkew how far ahead of the clock an event's time may be; zero for no limit
     * @param embedding the vector length limit and the triplet distance
     * @param ranking the cut-off of the ranking metrics and the list length limit
     */
    public PredictionDeserializer(Duration maxClockSkew, EmbeddingParameters embedding, RankingParameters ranking) {
        super(maxClockSkew);
        this.embedding = embedding;
        this.ranking = ranking;
    }

    @Override
    ParseResult parse(ConsumerRecord<byte[], byte[]> record) throws InvalidEventException {
        if (parser == null) {
            parser = new PredictionParser(embedding.maxDimensions(),
                    embedding.tripletDistance() == TripletDistance.COSINE, ranking.k(), ranking.maxListLength());
        }
        PredictionEvent event = parser.parse(record.value(), record.timestamp());
        VectorReduction.reduce(event, embedding);
        event.sourceTopic = record.topic();
        event.sourcePartition = record.partition();
        event.sourceOffset = record.offset();
        event.kafkaTimestamp = record.timestamp();
        return ParseResult.valid(event);
    }
}

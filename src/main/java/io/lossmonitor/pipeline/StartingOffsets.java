package io.lossmonitor.pipeline;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Where the job starts reading the predictions topic. */
public enum StartingOffsets {
    /** From the beginning of each partition. */
    EARLIEST,
    /** Only records produced after the job starts. */
    LATEST,
    /** From the consumer group's committed offsets, or the beginning where there are none. */
    COMMITTED;

    @SuppressWarnings("deprecation")
    OffsetsInitializer initializer() {
        return switch (this) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}

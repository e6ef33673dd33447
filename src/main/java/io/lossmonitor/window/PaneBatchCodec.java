package io.lossmonitor.window;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes open panes as self-describing batches of bytes (the pane serializer's snapshot, then the panes) and reads
 * them back with the serializer that wrote them, so a batch still reads after the pane type has evolved.
 * One instance per operator; not thread-safe.
 */
final class PaneBatchCodec {

    /** Panes per batch: a rescale spreads whole batches over the new subtasks. */
    static final int BATCH = 1024;

    /** Receives one batch: the first {@code length} bytes of {@code buffer}, valid only during the call. */
    @FunctionalInterface
    interface BatchSink {
        void accept(byte[] buffer, int length) throws IOException;
    }

    private final TypeSerializer<PaneSnapshot> serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(64 * 1024);

    PaneBatchCodec(TypeSerializer<PaneSnapshot> serializer) {
        this.serializer = serializer;
    }

    /** Hands the panes to {@code sink} in batches of at most {@link #BATCH}; none for no panes. */
    void write(Iterable<PaneSnapshot> open, BatchSink sink) throws IOException {
        int panes = 0;
        for (PaneSnapshot pane : open) {
            if (panes == 0) {
                start();
            }
            serializer.serialize(pane, out);
            if (++panes == BATCH) {
                sink.accept(out.getSharedBuffer(), out.length());
                panes = 0;
            }
        }
        if (panes > 0) {
            sink.accept(out.getSharedBuffer(), out.length());
        }
    }

    private void start() throws IOException {
        out.clear();
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
    }

    /** Hands each pane of a batch to {@code into}, read by the serializer the batch was written with. */
    static void read(byte[] batch, ClassLoader classLoader, Consumer<PaneSnapshot> into) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(batch);
        TypeSerializerSnapshot<PaneSnapshot> writer = TypeSerializerSnapshot.readVersionedSnapshot(in, classLoader);
        TypeSerializer<PaneSnapshot> reader = writer.restoreSerializer();
        while (in.available() > 0) {
            into.accept(reader.deserialize(in));
        }
    }
}

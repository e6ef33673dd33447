package io.lossmonitor.window;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes open panes as self-describing batches of bytes (the pane serializer's snapshot, then the panes) and reads them back with the serializer that wrote them, so a batch still reads after the pane type
 * has evolved. One instance per operator; not thread-safe.
 */
final class PaneBatchCodec {

    private final TypeSerializer<PaneSnapshot> serializer;
    private final DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
    private int panes;

    PaneBatchCodec(TypeSerializer<PaneSnapshot> serializer) {
        this.serializer = serializer;
    }

    /** Starts a new batch, dropping whatever the last one held. */
    void start() throws IOException {
        out.clear();
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        panes = 0;
    }

    void add(PaneSnapshot pane) throws IOException {
        serializer.serialize(pane, out);
        panes++;
    }

    int size() {
        return panes;
    }

    /** The batch's bytes. */
    byte[] finish() {
        return out.getCopyOfBuffer();
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

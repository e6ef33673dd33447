package io.lossmonitor.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The label join's state formats against snapshots and bytes stored under
 * {@code src/test/resources/serializers/label-join/format-1/} when the format was made: this build restores the
 * stored serializer snapshot as compatible, reads the stored bytes into the same values, and writes the same bytes.
 * A release that changes a format raises its version and stores the new one beside, and keeps reading this one.
 * {@link #main} writes the files of the current format.
 */
class LabelJoinStateFormatTest {

    private static final Path STORED = Path.of("src/test/resources/serializers/label-join/format-" + JoinStateSnapshot.FORMAT);

    @Test
    void whatWaitsUnderAnIdReadsBackFromTheStoredFormat() throws Exception {
        check("pending-join", PendingJoinSerializer.INSTANCE, JoinStateFixtures.pendingJoins(), JoinStateFixtures::same);
    }

    @Test
    void aJoinedIdsLabelReadsBackFromTheStoredFormat() throws Exception {
        check("joined-label", JoinedLabelSerializer.INSTANCE, JoinStateFixtures.joinedLabels(), Object::equals);
    }

    private static <T> void check(String name, TypeSerializer<T> current, T[] expected, BiPredicate<T, T> same)
            throws Exception {
        TypeSerializerSnapshot<T> stored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(Files.readAllBytes(STORED.resolve(name + ".snapshot"))),
                LabelJoinStateFormatTest.class.getClassLoader());
        assertThat(current.snapshotConfiguration().resolveSchemaCompatibility(stored).isCompatibleAsIs())
                .as("%s: this release reads the stored format as it is", name).isTrue();

        byte[] bytes = Files.readAllBytes(STORED.resolve(name + ".bin"));
        TypeSerializer<T> restored = stored.restoreSerializer();
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        List<T> read = new ArrayList<>();
        while (in.available() > 0) {
            read.add(restored.deserialize(in));
        }
        assertThat(read).as("%s values", name).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(same.test(read.get(i), expected[i])).as("%s value %d: %s", name, i, read.get(i)).isTrue();
        }
        assertThat(serialize(current, expected)).as("%s: the bytes this release writes", name).isEqualTo(bytes);
    }

    private static <T> byte[] serialize(TypeSerializer<T> serializer, T[] values) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (T value : values) {
            serializer.serialize(value, out);
        }
        return out.getCopyOfBuffer();
    }

    /** Writes the snapshots and bytes of the current formats into {@code src/test/resources/serializers/}. */
    public static void main(String[] args) throws IOException {
        Files.createDirectories(STORED);
        write("pending-join", PendingJoinSerializer.INSTANCE, JoinStateFixtures.pendingJoins());
        write("joined-label", JoinedLabelSerializer.INSTANCE, JoinStateFixtures.joinedLabels());
    }

    private static <T> void write(String name, TypeSerializer<T> serializer, T[] values) throws IOException {
        DataOutputSerializer snapshot = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());
        Files.write(STORED.resolve(name + ".snapshot"), snapshot.getCopyOfBuffer());
        Files.write(STORED.resolve(name + ".bin"), serialize(serializer, values));
    }
}

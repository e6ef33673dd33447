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
 * {@code src/test/resources/serializers/label-join/format-N/} when each format was made: this build restores the
 * stored serializer snapshot of the current format as compatible, reads the stored bytes into the same values, and
 * writes the same bytes; an earlier format's it restores as compatible after migration, and reads into the values it
 * held. A release that changes a format raises its version and stores the new one beside, and keeps reading the
 * earlier ones. {@link #main} writes the files of the current format.
 */
class LabelJoinStateFormatTest {

    private static final Path FORMATS = Path.of("src/test/resources/serializers/label-join");

    @Test
    void whatWaitsUnderAnIdReadsBackFromTheStoredFormat() throws Exception {
        check(JoinStateSnapshot.FORMAT, "pending-join", PendingJoinSerializer.INSTANCE,
                JoinStateFixtures.pendingJoins(), JoinStateFixtures::same);
    }

    @Test
    void aJoinedIdsLabelReadsBackFromTheStoredFormat() throws Exception {
        check(JoinStateSnapshot.FORMAT, "joined-label", JoinedLabelSerializer.INSTANCE,
                JoinStateFixtures.joinedLabels(), Object::equals);
    }

    @Test
    void whatWaitedUnderAnIdInFormat2ReadsAsItWas() throws Exception {
        check(2, "pending-join", PendingJoinSerializer.INSTANCE, JoinStateFixtures.pendingJoinsOfFormat2(),
                JoinStateFixtures::same);
    }

    @Test
    void aJoinedIdsLabelOfFormat2ReadsAsItWas() throws Exception {
        check(2, "joined-label", JoinedLabelSerializer.INSTANCE, JoinStateFixtures.joinedLabelsOfFormat2(),
                Object::equals);
    }

    @Test
    void whatWaitedUnderAnIdInRelease02ReadsWithItsFingerprints() throws Exception {
        check(1, "pending-join", PendingJoinSerializer.INSTANCE, JoinStateFixtures.pendingJoinsOfFormat1(),
                JoinStateFixtures::same);
    }

    @Test
    void aJoinedIdsLabelOfRelease02ReadsWithoutSignatures() throws Exception {
        check(1, "joined-label", JoinedLabelSerializer.INSTANCE, JoinStateFixtures.joinedLabelsOfFormat1(),
                Object::equals);
    }

    private static <T> void check(int format, String name, TypeSerializer<T> current, T[] expected,
                                  BiPredicate<T, T> same) throws Exception {
        Path stored = FORMATS.resolve("format-" + format);
        TypeSerializerSnapshot<T> snapshot = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(Files.readAllBytes(stored.resolve(name + ".snapshot"))),
                LabelJoinStateFormatTest.class.getClassLoader());
        var compatibility = current.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
        if (format == JoinStateSnapshot.FORMAT) {
            assertThat(compatibility.isCompatibleAsIs()).as("%s: this release reads its own format as it is", name)
                    .isTrue();
        } else {
            assertThat(compatibility.isCompatibleAfterMigration())
                    .as("%s: this release reads format %d and writes it again in its own", name, format).isTrue();
        }
        TypeSerializer<T> restored = snapshot.restoreSerializer();

        byte[] bytes = Files.readAllBytes(stored.resolve(name + ".bin"));
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        List<T> read = new ArrayList<>();
        while (in.available() > 0) {
            read.add(restored.deserialize(in));
        }
        assertThat(read).as("%s values", name).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(same.test(read.get(i), expected[i])).as("%s value %d: %s", name, i, read.get(i)).isTrue();
        }
        if (format == JoinStateSnapshot.FORMAT) {
            assertThat(serialize(current, expected)).as("%s: the bytes this release writes", name).isEqualTo(bytes);
        }
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
        Files.createDirectories(FORMATS.resolve("format-" + JoinStateSnapshot.FORMAT));
        write("pending-join", PendingJoinSerializer.INSTANCE, JoinStateFixtures.pendingJoins());
        write("joined-label", JoinedLabelSerializer.INSTANCE, JoinStateFixtures.joinedLabels());
    }

    private static <T> void write(String name, TypeSerializer<T> serializer, T[] values) throws IOException {
        DataOutputSerializer snapshot = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snapshot, serializer.snapshotConfiguration());
        Path stored = FORMATS.resolve("format-" + JoinStateSnapshot.FORMAT);
        Files.write(stored.resolve(name + ".snapshot"), snapshot.getCopyOfBuffer());
        Files.write(stored.resolve(name + ".bin"), serialize(serializer, values));
    }
}

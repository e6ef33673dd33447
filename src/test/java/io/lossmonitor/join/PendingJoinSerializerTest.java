package io.lossmonitor.join;

import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;

/** Flink's own serializer checks (copies, sequences, snapshots, duplicates) on what waits under an id. */
class PendingJoinSerializerTest extends SerializerTestBase<PendingJoin> {

    PendingJoinSerializerTest() {
        super(new DeeplyEqualsChecker().withCustomCheck(
                (a, b) -> a instanceof PendingJoin && b instanceof PendingJoin,
                (a, b, checker) -> JoinStateFixtures.same((PendingJoin) a, (PendingJoin) b)));
    }

    @Override
    protected TypeSerializer<PendingJoin> createSerializer() {
        return PendingJoinSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PendingJoin> getTypeClass() {
        return PendingJoin.class;
    }

    @Override
    protected PendingJoin[] getTestData() {
        return JoinStateFixtures.pendingJoins();
    }
}

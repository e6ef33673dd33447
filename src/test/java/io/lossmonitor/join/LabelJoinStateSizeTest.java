package io.lossmonitor.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.testing.JoinStateBytes;
import io.lossmonitor.testing.JoinStateBytes.Kind;
import io.lossmonitor.testing.StateBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the label join checkpoints per id on the heap backend — its state and timers, ids of 29 characters — stays
 * within the sizes production is planned for: a waiting prediction keeps its scores (a ranked list its first k item
 * fingerprints), time and weight and refers to its model, a joined id keeps only its label. The sizes are exact (the heap backend writes the same bytes for the
 * same state); RocksDB's, compressed and measured in the benchmark, are smaller.
 */
class LabelJoinStateSizeTest {

    private static final int IDS = 20_000;

    @Test
    void aWaitingBinaryPredictionTakesAtMost100Bytes() throws Exception {
        assertThat(JoinStateBytes.perId(Kind.WAITING_BINARY, IDS, StateBackends.HEAP)).isLessThanOrEqualTo(100);
    }

    @Test
    void aWaitingTenClassPredictionTakesAtMost100BytesAndEightPerClass() throws Exception {
        assertThat(JoinStateBytes.perId(Kind.WAITING_TEN_CLASSES, IDS, StateBackends.HEAP))
                .isLessThanOrEqualTo(100 + 8 * 10);
    }

    @ParameterizedTest
    @EnumSource(StateBackends.class)
    void aWaitingRankedListTakesAtMost100BytesAndEightPerKeptItem(StateBackends backend) throws Exception {
        assertThat(JoinStateBytes.perId(Kind.WAITING_RANKED_LIST, IDS, backend))
                .as("a list of 20 keeps its first k = %d items as 64-bit fingerprints", JoinStateBytes.RANKING_K)
                .isLessThanOrEqualTo(100 + 8 * JoinStateBytes.RANKING_K);
    }

    @Test
    void aJoinedIdTakesAtMost48BytesForItsTtl() throws Exception {
        assertThat(JoinStateBytes.perId(Kind.JOINED_ID, IDS, StateBackends.HEAP)).isLessThanOrEqualTo(48);
    }
}

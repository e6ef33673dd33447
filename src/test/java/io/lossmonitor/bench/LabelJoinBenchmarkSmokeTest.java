package io.lossmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.testing.JoinStateBytes;
import io.lossmonitor.testing.StateBackends;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the label join benchmarks on a small N so that they cannot rot. */
class LabelJoinBenchmarkSmokeTest {

    @Test
    void theBenchmarkRunsOnBothBackends() throws Exception {
        LabelJoinBenchmark bench = new LabelJoinBenchmark();
        new CommandLine(bench).parseArgs("--predictions", "20000", "--tiny", "2000", "--state-ids", "2000",
                "--warmups", "0", "--repeats", "1");
        ThroughputBenchmark.Report report = bench.run();

        assertThat(report.figures).containsKeys("ratio label join, heap / predictions alone",
                "ratio label join, RocksDB / predictions alone", "ratio label join, RocksDB / heap",
                "ratio label join / SQL interval join, heap", "ratio label join / SQL interval join, RocksDB");
        for (StateBackends backend : StateBackends.values()) {
            String on = ", " + backend.displayName();
            assertThat(report.figures.get("windows where both agree on count" + on))
                    .as("the SQL interval join and the job count the same outcomes in every window%s", on)
                    .isPositive().isEqualTo(report.figures.get("windows written by the SQL peer" + on));
            assertThat(report.figures.get("max relative difference job vs SQL (cross_entropy, error_rate, brier)" + on))
                    .isLessThan(1e-12);
        }
        assertThat(report.figures.values()).allSatisfy(v -> assertThat(v).isFinite());
        for (StateBackends backend : StateBackends.values()) {
            for (JoinStateBytes.Kind kind : JoinStateBytes.Kind.values()) {
                assertThat(report.figures).containsKey(LabelJoinBenchmark.stateBytesName(backend, kind));
            }
        }
    }

    @Test
    void theRescaleBenchmarkRunsAndEveryWaitingPredictionJoinsAfterIt() {
        assertThat(new CommandLine(new LabelJoinRescaleBenchmark()).execute("--keys", "300"))
                .as("exit code; it fails when a waiting prediction is lost or mislabelled").isZero();
    }
}

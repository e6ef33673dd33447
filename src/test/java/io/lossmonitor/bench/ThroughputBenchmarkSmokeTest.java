package io.lossmonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs the benchmark on a small N so that it cannot rot, and uses its two outputs as a cross-check: the job and the
 * Flink SQL peer, written independently, must agree on every window's count, MSE, MAE and Huber loss.
 */
class ThroughputBenchmarkSmokeTest {

    @Test
    void theBenchmarkRunsAndTheJobAgreesWithTheSqlPeer() throws Exception {
        ThroughputBenchmark bench = new ThroughputBenchmark();
        new CommandLine(bench).parseArgs("--events", "30000", "--tiny", "3000", "--scale-events", "20000",
                "--scale-keys", "8,1000", "--heap-events", "10000,20000", "--repeats", "1", "--warmups", "0");
        ThroughputBenchmark.Report report = bench.run();

        assertThat(report.figures).containsKeys("plain consumer: records/s (marginal)",
                "job (bounded, exactly-once): records/s (marginal)", "Flink SQL peer (exactly-once): records/s (marginal)",
                "ratio job / SQL peer", "ratio job / plain consumer");
        for (String task : ThroughputBenchmark.STATE_TASKS) {
            for (int events : ThroughputBenchmark.STATE_EVENTS) {
                String name = ThroughputBenchmark.stateBytesName(task, events);
                // Under 4 KiB for a window of 1,000 events (5 KiB for a binary one, which also keeps score cells for
                // its estimated performance); bounded, not growing with the events, beyond.
                double limit = events > 1_000 ? (task.equals("binary") ? 10_240 : 8192)
                        : task.equals("binary") ? 5120 : task.equals("multiclass-10") ? 8192 : 4096;
                assertThat(report.figures.get(name)).as(name).isBetween(50.0, limit);
                if (ThroughputBenchmark.hasReference(task)) {
                    String reference = ThroughputBenchmark.referenceBytesName(task, events);
                    assertThat(report.figures.get(reference)).as(reference).isBetween(50.0, 8192.0);
                }
            }
        }
        assertThat(report.figures.values()).allSatisfy(v -> assertThat(v).isFinite());
        double windows = report.figures.get("windows written by the job");
        assertThat(windows).as("8 models over 100 one-minute windows").isEqualTo(800.0);
        assertThat(report.figures.get("windows written by the SQL peer")).isEqualTo(windows);
        assertThat(report.figures.get("windows where both agree on count")).isEqualTo(windows);
        assertThat(report.figures.get("max relative difference job vs SQL (mse, mae, huber)")).isLessThan(1e-9);
    }

    @Test
    void theBinaryStreamAgreesWithTheSqlPeerOnCrossEntropyErrorRateAndBrier() throws Exception {
        ThroughputBenchmark bench = new ThroughputBenchmark();
        new CommandLine(bench).parseArgs("--binary", "--events", "20000", "--tiny", "2000", "--scale-events", "2000",
                "--scale-keys", "8", "--heap-events", "2000", "--repeats", "1", "--warmups", "0");
        ThroughputBenchmark.Report report = bench.run();

        assertThat(report.figures.get("windows where both agree on count")).as("8 models over 100 windows")
                .isEqualTo(800.0);
        assertThat(report.figures.get("max relative difference job vs SQL (cross_entropy, error_rate, brier)"))
                .isLessThan(1e-9);
    }

    @Test
    void theTripletStreamIsMeasuredAgainstThePlainConsumerInRecordsAndBytes() throws Exception {
        ThroughputBenchmark bench = new ThroughputBenchmark();
        new CommandLine(bench).parseArgs("--triplets", "16", "--events", "4000", "--tiny", "400", "--heap-events",
                "2000", "--repeats", "1", "--warmups", "0");
        ThroughputBenchmark.Report report = bench.run();

        assertThat(report.figures.get("input bytes per record")).as("three vectors of 16 components")
                .isBetween(3 * 16 * 5.0, 3 * 16 * 9.0 + 100);
        assertThat(report.figures).containsKeys("plain consumer: MB/s of input",
                "job (bounded, exactly-once): MB/s of input", "ratio job / plain consumer")
                .doesNotContainKey("ratio job / SQL peer");
        // At this size the marginal rates are noise (they may even be negative); the figures only have to be there.
        assertThat(report.figures.values()).allSatisfy(v -> assertThat(v).isFinite());
    }

    @Test
    void eachTimeIsTheMedianOfItsRepeats() {
        assertThat(ThroughputBenchmark.median(new long[] {9, 1, 5})).as("odd count: the middle one").isEqualTo(5.0);
        assertThat(ThroughputBenchmark.median(new long[] {9, 1, 5, 3})).as("even count: mean of 3 and 5").isEqualTo(4.0);
    }
}

package io.lossmonitor.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH per-event benchmark for a moment in this JVM, so that it keeps compiling and running. */
class EventPathBenchmarkSmokeTest {

    @Test
    void everyInputFormRunsThroughTheBenchmark() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(EventPathBenchmark.class.getSimpleName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .build()).run();
        assertThat(results).as("one result per input form").hasSize(8);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }
}

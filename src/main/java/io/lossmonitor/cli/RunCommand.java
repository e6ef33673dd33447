package io.lossmonitor.cli;

import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the job against a Kafka cluster, on a MiniCluster in this JVM: checks the cluster first, prints a
 * banner, a status line while it runs and a summary at the end.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read predictions from Kafka, write windowed losses per model and dead letters to Kafka.")
public class RunCommand implements Callable<Integer> {

    /** The wait before a restart. */
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    @Mixin
    RunOptions options;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Serve the job's metrics for Prometheus on this port (default: not served).")
    Integer prometheusPort;

    @Option(names = "--status-interval", defaultValue = "30s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Time between two status lines (default: ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--verbose", description = "Show the full log on the console, with stack traces.")
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Write the full log to this file.")
    Path logFile;

    @Option(names = "--max-restarts", defaultValue = "10", paramLabel = "N",
            description = "Restarts after a failure before run gives up and exits 1 (default: ${DEFAULT-VALUE}).")
    int maxRestarts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        JobConfig config;
        PreFlight preFlight;
        Configuration environment;
        try {
            config = options.toConfig();
            preFlight = options.preFlight(config, note -> System.out.println("  " + note));
            environment = PrometheusEndpoint.on(prometheusPort);
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("--max-restarts must be 0 or more, got " + maxRestarts);
            }
            if (statusInterval.isNegative() || statusInterval.isZero()) {
                throw new IllegalArgumentException("--status-interval must be a positive duration, got "
                        + statusInterval);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Logging.configure(verbose, logFile);
        PreFlight.InputOffsets input = preFlight.check();
        long toRead = input.records();
        Banner.print(System.out, config, toRead,
                prometheusPort == null ? null : "http://localhost:" + prometheusPort + "/metrics");
        environment.addAll(RunMetrics.configuration());
        int restPort = freePort();
        environment.set(RestOptions.PORT, restPort);
        environment.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        environment.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, maxRestarts);
        environment.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RESTART_DELAY);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(environment);
        LossMonitorJob.define(env, config);
        JobClient job = env.executeAsync(LossMonitorJob.JOB_NAME);
        String jobId = job.getJobID().toString();
        System.out.println("Job " + jobId + " running; a status line every "
                + DurationConverter.format(statusInterval) + (logFile == null ? "" : ", full log in " + logFile));
        StatusPrinter status = new StatusPrinter(config, () -> RunMetrics.of(jobId, input.starts()), started, toRead,
                statusInterval, System.out, System.console() != null, new JobFailures(restPort, jobId));
        AtomicBoolean finished = new AtomicBoolean();
        Thread interrupted = new Thread(() -> {
            if (finished.compareAndSet(false, true)) {
                status.finish("Stopped after");
            }
        }, "summary-at-shutdown");
        Runtime.getRuntime().addShutdownHook(interrupted);
        status.start();
        try {
            job.getJobExecutionResult().get();
        } catch (ExecutionException failed) {
            if (finished.compareAndSet(false, true)) {
                status.finish("Failed");
                Runtime.getRuntime().removeShutdownHook(interrupted);
            }
            String cause = status.lastCause();
            throw new JobFailedException("the job failed" + (cause == null ? "" : ": " + cause), failed);
        } finally {
            status.close();
        }
        if (finished.compareAndSet(false, true)) {
            status.finish("Done");
            Runtime.getRuntime().removeShutdownHook(interrupted);
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.lossmonitor.job;

import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code run}: the job against a Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read predictions from Kafka, write windowed losses per model and dead letters to Kafka.")
public class RunCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "Serve the job's metrics for Prometheus on this port (default: not served).")
    Integer prometheusPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        JobConfig config;
        Configuration environment;
        try {
            config = options.toConfig();
            environment = PrometheusEndpoint.on(prometheusPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        LossMonitorJob.run(config, environment);
        return 0;
    }
}

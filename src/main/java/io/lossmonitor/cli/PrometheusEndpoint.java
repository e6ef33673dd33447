package io.lossmonitor.cli;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;

/**
 * The Flink configuration that serves the job's metrics for Prometheus on one port of this machine, with label
 * values exactly as on the topics ({@code fraud-detector}, not {@code fraud_detector}).
 */
public final class PrometheusEndpoint {

    static final String REPORTER = "metrics.reporter.prom.";

    private PrometheusEndpoint() {}

    /** The reporter on {@code port}; none for null. */
    public static Configuration on(Integer port) {
        if (port == null) {
            return new Configuration();
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--prometheus-port must be a port number, got " + port);
        }
        return Configuration.fromMap(Map.of(
                REPORTER + "factory.class", PrometheusReporterFactory.class.getName(),
                REPORTER + "port", String.valueOf(port),
                REPORTER + "filterLabelValueCharacters", "false"));
    }
}

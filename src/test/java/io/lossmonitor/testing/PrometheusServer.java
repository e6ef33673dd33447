package io.lossmonitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus server in its own process, scraping given targets every second and evaluating the given rule
 * files every second, queried through its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path home;
    private final URI api;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.api = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts Prometheus scraping {@code targets} (host:port) as job {@code flink}; returns once it is ready. */
    public static PrometheusServer start(List<String> targets, List<Path> ruleFiles) throws Exception {
        Path home = Files.createTempDirectory("prometheus");
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                """);
        for (Path rules : ruleFiles) {
            config.append("  - ").append(JSON.writeValueAsString(rules.toAbsolutePath().toString())).append('\n');
        }
        config.append("scrape_configs:\n  - job_name: flink\n    static_configs:\n      - targets: ")
                .append(JSON.writeValueAsString(targets)).append('\n');
        Files.writeString(home.resolve("prometheus.yml"), config);
        int port = FreePort.next();
        Process process = new ProcessBuilder(MonitoringTools.prometheus().toString(),
                "--config.file=" + home.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, home, port);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited: " + log());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(api.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus was not ready within " + timeout + ": " + log());
    }

    /** The result vector of an instant query: each element's {@code metric} labels and {@code value}. */
    public JsonNode query(String promql) throws Exception {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return body.at("/data/result");
    }

    /** The alerts Prometheus's rules currently raise, with their labels and state. */
    public JsonNode alerts() throws Exception {
        return get("/api/v1/alerts").at("/data/alerts");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("Prometheus answered " + response.statusCode() + " to " + path + ": "
                    + response.body());
        }
        return body;
    }

    public String log() throws IOException {
        Path log = home.resolve("prometheus.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
    }
}

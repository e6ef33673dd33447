package io.lossmonitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A standalone Flink session cluster of separate JVM processes (one JobManager, TaskManagers on demand), started
 * from the Flink jars on the build's classpath as a Flink distribution's lib/ would hold them, and driven
 * through its REST API like any client would.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();

    private StandaloneFlinkCluster(Path home, int restPort, Process jobManager) {
        this.home = home;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /** Starts a JobManager and {@code taskManagers} TaskManagers with {@code slots} slots each, and waits for them. */
    public static StandaloneFlinkCluster start(int taskManagers, int slots) throws Exception {
        return start(taskManagers, slots, Map.of());
    }

    /** The same, with settings of the cluster's {@code config.yaml} added or replaced (e.g. its state backend). */
    public static StandaloneFlinkCluster start(int taskManagers, int slots, Map<String, String> settings)
            throws Exception {
        Path home = Files.createTempDirectory("flink-cluster");
        int restPort = FreePort.next();
        Path conf = Files.createDirectories(home.resolve("conf"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "localhost");
        config.put("jobmanager.rpc.port", String.valueOf(FreePort.next()));
        config.put("jobmanager.bind-host", "localhost");
        config.put("jobmanager.memory.process.size", "1024m");
        config.put("rest.address", "localhost");
        config.put("rest.bind-address", "localhost");
        config.put("rest.port", String.valueOf(restPort));
        config.put("web.upload.dir", Files.createDirectories(home.resolve("uploads")).toString());
        config.put("taskmanager.host", "localhost");
        config.put("taskmanager.bind-host", "localhost");
        config.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
        config.put("taskmanager.cpu.cores", String.valueOf(slots));
        config.put("taskmanager.memory.framework.heap.size", "128m");
        config.put("taskmanager.memory.framework.off-heap.size", "128m");
        config.put("taskmanager.memory.task.heap.size", "384m");
        config.put("taskmanager.memory.task.off-heap.size", "0m");
        config.put("taskmanager.memory.managed.size", "64m");
        config.put("taskmanager.memory.network.min", "64m");
        config.put("taskmanager.memory.network.max", "64m");
        config.put("taskmanager.memory.jvm-metaspace.size", "256m");
        config.put("taskmanager.memory.jvm-overhead.min", "192m");
        config.put("taskmanager.memory.jvm-overhead.max", "192m");
        config.put("restart-strategy.type", "fixed-delay");
        config.put("restart-strategy.fixed-delay.attempts", "10");
        config.put("restart-strategy.fixed-delay.delay", "1 s");
        config.put("heartbeat.interval", "1000");
        config.put("heartbeat.timeout", "5000");
        config.putAll(settings);
        StringBuilder yaml = new StringBuilder();
        config.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.type = File",
                "appender.file.name = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                ""));
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(home, restPort,
                launch(home, "jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        "-Xmx512m"));
        for (int i = 0; i < taskManagers; i++) {
            cluster.startTaskManager();
        }
        cluster.awaitTaskManagers(taskManagers);
        return cluster;
    }

    public void startTaskManager() throws IOException {
        taskManagers.add(launch(home, "taskmanager-" + taskManagers.size(),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "-Xmx512m", "-XX:MaxDirectMemorySize=192m"));
    }

    /** Kills the TaskManager process with SIGKILL: no shutdown hooks, no goodbye to the JobManager. */
    public void killTaskManager(int index) throws InterruptedException {
        Process p = taskManagers.get(index);
        p.destroyForcibly();
        p.waitFor();
    }

    private static Process launch(Path home, String name, String mainClass, String... jvmOptions) throws IOException {
        String classpath = System.getProperty("flink.cluster.classpath");
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("flink.cluster.classpath is not set: run this test through Maven (verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(Arrays.asList(System.getProperty("flink.add.opens").trim().split("\\s+")));
        command.add("-Dlog.file=" + home.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties").toUri());
        command.addAll(List.of("-cp", classpath, mainClass, "--configDir", home.resolve("conf").toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".out").toFile())
                .start();
    }

    private void awaitTaskManagers(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (get("/taskmanagers").get("taskmanagers").size() >= count) {
                    return;
                }
            } catch (IOException notYetUp) {
                // the REST endpoint is not listening yet
            }
            if (System.nanoTime() > deadline || !jobManager.isAlive()) {
                throw new IllegalStateException("cluster did not start; logs:\n" + logs());
            }
            Thread.sleep(500);
        }
    }

    /** Uploads a jar through the REST API and returns its id. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        JsonNode response = send(request);
        String file = response.get("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    /** Runs an uploaded jar's main class with the given program arguments; returns the job id. */
    public String runJar(String jarId, List<String> programArgs) throws IOException, InterruptedException {
        return runJar(jarId, programArgs, null);
    }

    /** As {@link #runJar(String, List)}, restoring from a savepoint when {@code savepointPath} is not null. */
    public String runJar(String jarId, List<String> programArgs, String savepointPath)
            throws IOException, InterruptedException {
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("programArgsList", programArgs);
        if (savepointPath != null) {
            fields.put("savepointPath", savepointPath);
        }
        String body = JSON.writeValueAsString(fields);
        HttpRequest request = HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request).get("jobid").asText();
    }

    /** Waits until the job reaches a terminal state, and returns it. */
    public String awaitTermination(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String state = get("/jobs/" + jobId).get("state").asText();
            if (List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
                return state;
            }
            Thread.sleep(500);
        }
        return get("/jobs/" + jobId).get("state").asText();
    }

    /** Stops a job with a savepoint in {@code directory} (a URI) and returns the savepoint's location. */
    public String stopWithSavepoint(String jobId, String directory) throws Exception {
        String body = JSON.writeValueAsString(Map.of("targetDirectory", directory, "drain", false));
        String trigger = send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).get("request-id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("location")) {
                    return operation.get("location").asText();
                }
                throw new IllegalStateException("savepoint failed: " + operation + "\n" + logs());
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("savepoint of " + jobId + " did not complete; logs:\n" + logs());
    }

    /** Waits up to 3 minutes until {@code count} reaches {@code atLeast}, failing with the cluster's logs. */
    public void awaitOutput(java.util.function.IntSupplier count, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (count.getAsInt() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(atLeast + " output records not reached within 3 minutes; logs:\n" + logs());
            }
            Thread.sleep(500);
        }
    }

    /** Cancels a running job. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(request.method() + " " + request.uri() + " -> " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + restPort + path);
    }

    /** The tail of every process's log, for a failure message. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(home)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".out")).toList()) {
                List<String> lines = Files.readAllLines(f);
                out.append("==> ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            out.append("(could not read logs: ").append(e).append(")");
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : taskManagers) {
            p.destroyForcibly().waitFor();
        }
        jobManager.destroyForcibly().waitFor();
    }

}

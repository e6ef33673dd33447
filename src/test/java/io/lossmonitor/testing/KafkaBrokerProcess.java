package io.lossmonitor.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in its own JVM process, so that a test can stop it and start it again on the
 * same port with the same data, as an outage would.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path home;
    private final int port;
    private Process process;

    private KafkaBrokerProcess(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Formats a log directory and starts the broker; returns once it accepts connections. */
    public static KafkaBrokerProcess start() throws Exception {
        return start(List.of());
    }

    /** The same, with more broker settings ({@code key=value} lines of {@code server.properties}). */
    public static KafkaBrokerProcess start(List<String> settings) throws Exception {
        Path home = Files.createTempDirectory("kafka-broker");
        int port = FreePort.next();
        int controllerPort = FreePort.next();
        Files.writeString(home.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "log.dirs=" + home.resolve("data"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                String.join("\n", settings),
                ""));
        Process format = java(home, "format", "kafka.tools.StorageTool", "format", "-t",
                Uuid.randomUuid().toString(), "-c", home.resolve("server.properties").toString());
        if (format.waitFor() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed: "
                    + Files.readString(home.resolve("format.out")));
        }
        KafkaBrokerProcess broker = new KafkaBrokerProcess(home, port);
        broker.startAgain();
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Kills the broker process (SIGKILL): clients see the connection drop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Starts the broker again on the same port with the same data. */
    public void startAgain() throws Exception {
        process = java(home, "broker", "kafka.Kafka", home.resolve("server.properties").toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("broker did not start: " + Files.readString(home.resolve("broker.out")));
            }
            Thread.sleep(200);
        }
    }

    private boolean accepts() {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Process java(Path home, String name, String mainClass, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".out").toFile()))
                .start();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

}

package io.lossmonitor.cli;

import io.lossmonitor.pipeline.JobConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * Tells the user how a running job is doing: a status line every interval (a progress bar on a terminal for a bounded
 * run), one warning line when the Kafka brokers are lost and one when they are back, and the summary at the end.
 */
final class StatusPrinter implements AutoCloseable {

    private static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<RunProgress> progress;
    private final long toRead;
    private final Duration interval;
    private final PrintStream out;
    private final boolean terminal;
    private final JobConfig config;
    private final Instant started;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastRead;
    private Instant lastTime;
    private boolean brokersLost;
    private boolean barDrawn;

    /**
     * @param started when the command started, which the summary's elapsed time counts from
     * @param toRead the records a bounded run reads (0: unknown, or not bounded)
     */
    StatusPrinter(JobConfig config, Supplier<RunProgress> progress, Instant started, long toRead, Duration interval,
                  PrintStream out, boolean terminal) {
        this.config = config;
        this.started = started;
        this.lastTime = started;
        this.progress = progress;
        this.toRead = config.bounded() ? toRead : 0;
        this.interval = interval;
        this.out = out;
        this.terminal = terminal && this.toRead > 0;
        this.thread = new Thread(this::loop, "status-lines");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try (Admin admin = Admin.create(PreFlight.adminProperties(config, BROKER_CHECK_TIMEOUT))) {
            while (running) {
                try {
                    Thread.sleep(terminal ? Math.min(1_000, interval.toMillis()) : interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (running) {
                    watchBrokers(admin);
                    print(false);
                }
            }
        }
    }

    private void watchBrokers(Admin admin) {
        boolean reachable;
        String why = "";
        try {
            admin.describeCluster().nodes().get(BROKER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            reachable = true;
        } catch (Exception e) {
            reachable = false;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
        if (!reachable && !brokersLost) {
            endBar();
            out.println(StatusLines.clock(Instant.now()) + " WARN lost Kafka at " + config.bootstrapServers() + " ("
                    + why + "); the job keeps retrying and resumes from its last checkpoint");
        } else if (reachable && brokersLost) {
            endBar();
            out.println(StatusLines.clock(Instant.now()) + " Kafka at " + config.bootstrapServers() + " is back");
        }
        brokersLost = !reachable;
    }

    private synchronized void print(boolean last) {
        Instant now = Instant.now();
        RunProgress p = progress.get();
        double seconds = Math.max(1e-3, Duration.between(lastTime, now).toMillis() / 1000.0);
        double perSecond = last ? p.recordsRead() / Math.max(1e-3, Duration.between(started, now).toMillis() / 1000.0)
                : (p.recordsRead() - lastRead) / seconds;
        lastRead = p.recordsRead();
        lastTime = now;
        if (terminal) {
            out.print("\r" + StatusLines.bar(p, toRead, perSecond));
            out.flush();
            barDrawn = true;
            if (last) {
                endBar();
            }
        } else {
            out.println(StatusLines.status(now, p, toRead, perSecond));
        }
    }

    private void endBar() {
        if (barDrawn) {
            out.println();
            barDrawn = false;
        }
    }

    /** Stops the status lines and prints the last one and the summary: "Done in …" or "Stopped after …". */
    void finish(String how) {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print(true);
        out.println(StatusLines.summary(how, Duration.between(started, Instant.now()), progress.get()));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}

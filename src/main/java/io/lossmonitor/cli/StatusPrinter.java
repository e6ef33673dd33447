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
 * run), one warning line when the Kafka brokers are lost and one when they are back, a line for each restart of the
 * job with its root cause, and the summary at the end.
 */
final class StatusPrinter implements AutoCloseable {

    private static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** How often the job's failures are looked at, between status lines. */
    private static final long FAILURE_CHECK_MILLIS = 1_000;

    private final Supplier<RunProgress> progress;
    private final long toRead;
    private final Duration interval;
    private final PrintStream out;
    private final boolean terminal;
    private final JobConfig config;
    private final Instant started;
    private final Thread thread;
    private final JobFailures failures;
    private volatile boolean running = true;
    private int restarts;
    private String lastCause;
    private long lastRead;
    private Instant lastTime;
    private boolean brokersLost;
    private boolean barDrawn;

    /**
     * @param started when the command started, which the summary's elapsed time counts from
     * @param toRead the records a bounded run reads (0: unknown, or not bounded)
     * @param failures the job's failures, for the restart lines; null for none
     */
    StatusPrinter(JobConfig config, Supplier<RunProgress> progress, Instant started, long toRead, Duration interval,
                  PrintStream out, boolean terminal, JobFailures failures) {
        this.config = config;
        this.failures = failures;
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
        long every = terminal ? Math.min(1_000, interval.toMillis()) : interval.toMillis();
        long nextLine = System.currentTimeMillis() + every;
        try (Admin admin = Admin.create(PreFlight.adminProperties(config, BROKER_CHECK_TIMEOUT))) {
            while (running) {
                try {
                    Thread.sleep(Math.max(1, Math.min(FAILURE_CHECK_MILLIS, nextLine - System.currentTimeMillis())));
                } catch (InterruptedException e) {
                    return;
                }
                if (!running) {
                    return;
                }
                watchRestarts();
                if (System.currentTimeMillis() >= nextLine) {
                    nextLine += every;
                    watchBrokers(admin);
                    print(false);
                }
            }
        }
    }

    /** One line for each restart since the last look: "restarting (n): <root cause>". */
    private synchronized void watchRestarts() {
        if (failures == null) {
            return;
        }
        for (JobFailures.Failure failure : failures.since()) {
            lastCause = failure.cause();
            if (!failure.last()) {
                endBar();
                restarts = failure.number();
                out.println(StatusLines.clock(Instant.now()) + " restarting (" + failure.number() + "): "
                        + failure.cause());
            }
        }
    }

    /** The root cause of the job's latest failure, null when it has not failed. */
    synchronized String lastCause() {
        watchRestarts();
        return lastCause;
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
            out.println(StatusLines.status(now, p, toRead, perSecond) + StatusLines.sinceRestart(restarts));
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
        watchRestarts();
        print(true);
        out.println(StatusLines.summary(how, Duration.between(started, Instant.now()), progress.get())
                + StatusLines.sinceRestart(restarts));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}

package io.lossmonitor.cli;

import io.lossmonitor.alert.DriftDetector;
import io.lossmonitor.pipeline.DeadLetterRouter;
import io.lossmonitor.pipeline.LateEventDeadLetters;
import io.lossmonitor.window.CountingEventTimeTrigger;
import io.lossmonitor.window.KeyLimit;
import io.lossmonitor.window.WindowResultFunction;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The counters and event-time watermarks of the jobs running in this JVM's MiniCluster, kept for the command line's
 * status lines and summary: a Flink metric reporter ({@link #configuration()}) that remembers each counter, and its
 * last count once its task has finished, so a finished bounded run still adds up.
 */
public final class RunMetrics implements MetricReporter {

    static final String WATERMARK = "currentInputWatermark";
    static final String WINDOW_OPERATOR = "loss-windows";
    private static final Set<String> COUNTERS = Set.of(DeadLetterRouter.RECORDS_READ,
            CountingEventTimeTrigger.EVENTS_AGGREGATED, DeadLetterRouter.DEAD_LETTERED,
            LateEventDeadLetters.LATE_EVENTS, KeyLimit.KEYS_REJECTED, WindowResultFunction.WINDOWS_WRITTEN,
            DriftDetector.ALERTS_RAISED);

    private static final Map<String, JobMetrics> JOBS = new ConcurrentHashMap<>();

    /** The Flink configuration that adds this reporter to a MiniCluster. */
    public static Configuration configuration() {
        return Configuration.fromMap(Map.of("metrics.reporter.run-status.factory.class", Factory.class.getName()));
    }

    /** What the job of {@code jobId} has done so far. */
    public static RunProgress of(String jobId) {
        JobMetrics job = JOBS.get(jobId);
        return job == null ? RunProgress.NOTHING : job.progress();
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String jobId = variables.get("<job_id>");
        if (jobId == null) {
            return;
        }
        JobMetrics job = JOBS.computeIfAbsent(jobId, id -> new JobMetrics());
        String id = group.getMetricIdentifier(name);
        if (metric instanceof Counter counter && COUNTERS.contains(name)) {
            String reason = variables.get("<reason>");
            job.counters.put(id, new Named(reason == null ? name : name + "/" + reason, counter));
        } else if (metric instanceof Gauge<?> gauge && name.equals(WATERMARK)
                && WINDOW_OPERATOR.equals(variables.get("<operator_name>"))) {
            job.watermarks.put(id, gauge);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        JobMetrics job = JOBS.get(group.getAllVariables().get("<job_id>"));
        if (job == null) {
            return;
        }
        String id = group.getMetricIdentifier(name);
        Named counter = job.counters.remove(id);
        if (counter != null) {
            job.finished.merge(counter.name(), counter.counter().getCount(), Long::sum);
        }
        job.watermarks.remove(id);
    }

    private record Named(String name, Counter counter) {}

    /** One job's metrics: live counters, the counts of finished tasks by name, and the window operator's watermarks. */
    private static final class JobMetrics {
        final Map<String, Named> counters = new ConcurrentHashMap<>();
        final Map<String, Long> finished = new ConcurrentHashMap<>();
        final Map<String, Gauge<?>> watermarks = new ConcurrentHashMap<>();

        RunProgress progress() {
            Map<String, Long> totals = new TreeMap<>(finished);
            counters.values().forEach(c -> totals.merge(c.name(), c.counter().getCount(), Long::sum));
            Long watermark = null;
            for (Gauge<?> gauge : watermarks.values()) {
                if (gauge.getValue() instanceof Long w && w > Long.MIN_VALUE && (watermark == null || w < watermark)) {
                    watermark = w;
                }
            }
            return RunProgress.from(totals, watermark);
        }
    }

    /** Creates the reporter; Flink instantiates it from the configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RunMetrics();
        }
    }
}

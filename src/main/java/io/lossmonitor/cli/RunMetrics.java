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
 * The counters, source offsets and event-time watermarks of the jobs running in this JVM's MiniCluster, kept for the
 * command line's status lines and summary: a Flink metric reporter ({@link #configuration()}) that remembers each
 * counter, and its last count once its task has finished, so a finished bounded run still adds up. Records read are
 * counted from the sources' offsets, the highest each partition has reached since the job started, so records read
 * again after a restart (from the last checkpoint's offsets) are not counted twice. A task that restarts registers
 * its counters afresh: its failed attempt's counts are dropped, and the other counts start again from the restart.
 */
public final class RunMetrics implements MetricReporter {

    static final String WATERMARK = "currentInputWatermark";
    /** The Kafka source's gauge of the last offset it read in a partition. */
    static final String CURRENT_OFFSET = "currentOffset";
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
        return of(jobId, Map.of());
    }

    /**
     * What the job of {@code jobId} has done so far, its records read counted from its sources' offsets.
     *
     * @param starts the first offset the job reads of each input partition, by {@code topic-partition}
     */
    public static RunProgress of(String jobId, Map<String, Long> starts) {
        JobMetrics job = JOBS.get(jobId);
        return job == null ? RunProgress.NOTHING : job.progress(starts);
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
            // The same counter again: its task restarted, and the count of the failed attempt is dropped.
            job.finished.remove(id);
            job.counters.put(id, new Named(reason == null ? name : name + "/" + reason, counter));
        } else if (metric instanceof Gauge<?> gauge && name.equals(CURRENT_OFFSET) && variables.containsKey("<topic>")
                && variables.containsKey("<partition>")) {
            job.offsets.put(id, new Offset(variables.get("<topic>") + "-" + variables.get("<partition>"), gauge));
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
            job.finished.put(id, new Count(counter.name(), counter.counter().getCount()));
        }
        Offset offset = job.offsets.remove(id);
        if (offset != null) {
            job.reached(offset);
        }
        job.watermarks.remove(id);
    }

    private record Named(String name, Counter counter) {}

    private record Count(String name, long count) {}

    /** A source's offset gauge of one partition, {@code topic-partition}. */
    private record Offset(String partition, Gauge<?> gauge) {}

    /**
     * One job's metrics: live counters, the last counts of finished tasks, the highest offset read of each partition,
     * and the window operator's watermarks.
     */
    private static final class JobMetrics {
        final Map<String, Named> counters = new ConcurrentHashMap<>();
        final Map<String, Count> finished = new ConcurrentHashMap<>();
        final Map<String, Offset> offsets = new ConcurrentHashMap<>();
        final Map<String, Long> highest = new ConcurrentHashMap<>();
        final Map<String, Gauge<?>> watermarks = new ConcurrentHashMap<>();

        void reached(Offset offset) {
            if (offset.gauge().getValue() instanceof Long o && o >= 0) {
                highest.merge(offset.partition(), o, Math::max);
            }
        }

        RunProgress progress(Map<String, Long> starts) {
            Map<String, Long> totals = new TreeMap<>();
            finished.values().forEach(c -> totals.merge(c.name(), c.count(), Long::sum));
            counters.values().forEach(c -> totals.merge(c.name(), c.counter().getCount(), Long::sum));
            offsets.values().forEach(this::reached);
            if (!highest.isEmpty()) {
                long read = 0;
                for (Map.Entry<String, Long> partition : highest.entrySet()) {
                    read += Math.max(0, partition.getValue() + 1 - starts.getOrDefault(partition.getKey(), 0L));
                }
                totals.put(DeadLetterRouter.RECORDS_READ, read);
            }
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

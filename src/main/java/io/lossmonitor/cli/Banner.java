package io.lossmonitor.cli;

import io.lossmonitor.alert.ThresholdRule;
import io.lossmonitor.pipeline.JobConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The start-up banner of {@code run}: what the job reads and writes, and with which settings. */
final class Banner {

    private Banner() {}

    /**
     * @param toRead the records a bounded run reads; ignored when not bounded
     * @param metricsUrl where Prometheus scrapes the job, or null
     */
    static void print(PrintStream out, JobConfig c, long toRead, String metricsUrl) {
        String version = Banner.class.getPackage().getImplementationVersion();
        out.println("Loss Monitor " + (version == null ? "(development build)" : version));
        row(out, "Kafka", c.bootstrapServers());
        String inputs = c.predictionsTopic() + (c.labelsTopic() == null ? "" : ", labels from " + c.labelsTopic())
                + ", from " + c.startingOffsets().name().toLowerCase() + " offsets"
                + (c.bounded() ? ", bounded: " + StatusLines.count(toRead) + " records to read" : "");
        row(out, "reads", inputs);
        List<String> outputs = new ArrayList<>(List.of("aggregates " + c.outputTopic(), "alerts " + c.alertsTopic(),
                "dead letters " + c.dlqTopic()));
        if (c.comparisons().enabled()) {
            outputs.add("comparisons " + c.comparisons().topic());
        }
        row(out, "writes", String.join(", ", outputs));
        row(out, "windows", DurationConverter.format(c.window())
                + (c.slide() == null ? " tumbling" : " sliding by " + DurationConverter.format(c.slide()))
                + ", out-of-orderness " + DurationConverter.format(c.outOfOrderness())
                + ", allowed lateness " + DurationConverter.format(c.allowedLateness()));
        row(out, "delivery", c.delivery().name().toLowerCase().replace('_', '-') + ", committed every "
                + DurationConverter.format(c.checkpointInterval()));
        row(out, "parallelism", c.parallelism() == null ? "this machine's cores" : String.valueOf(c.parallelism()));
        List<ThresholdRule> rules = c.alertSettings().rules();
        row(out, "alerts", (c.alertSettings().baselineRule() ? "default baseline rule" : "no default rule")
                + (rules.isEmpty() ? ", no rules file" : ", " + rules.size() + " rule" + (rules.size() > 1 ? "s" : "")
                        + " from the rules file: " + rules.stream().map(ThresholdRule::name)
                        .collect(Collectors.joining(", "))));
        row(out, "comparisons", c.comparisons().enabled() ? c.comparisons().pairs().stream().map(Object::toString)
                .collect(Collectors.joining(", ")) + " (pair TTL " + DurationConverter.format(c.comparisons().pairTtl())
                + ")" : "none");
        if (metricsUrl != null) {
            row(out, "metrics", metricsUrl);
        }
    }

    private static void row(PrintStream out, String what, String value) {
        out.printf("  %-12s %s%n", what, value);
    }
}

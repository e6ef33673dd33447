package io.lossmonitor.cli;

import io.lossmonitor.pipeline.JobConfig;
import io.lossmonitor.pipeline.LossMonitorJob;
import java.util.Arrays;
import picocli.CommandLine;

/** The main class of the cluster job jar: takes the {@code run} options and runs the job on its Flink cluster. */
public final class SubmittedJob {

    private SubmittedJob() {}

    /**
     * Entry point for {@code flink run}: checks the Kafka cluster first (a failure is a {@link PreFlightFailure} with
     * its one-line reason); never calls {@code System.exit}, which would stop a JobManager.
     */
    public static void main(String[] args) throws Exception {
        String[] runArgs = args.length > 0 && args[0].equals("run")
                ? Arrays.copyOfRange(args, 1, args.length) : args;
        RunOptions options = new RunOptions();
        CommandLine commandLine = new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setCommandName("loss-monitor-job");
        commandLine.parseArgs(runArgs);
        JobConfig config = options.toConfig();
        options.preFlight(config, note -> System.out.println("loss-monitor-job: " + note)).check();
        LossMonitorJob.run(config);
    }

}

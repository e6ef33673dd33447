package io.lossmonitor.local;

import io.lossmonitor.cli.JobFailedException;
import io.lossmonitor.cli.PreFlightFailure;
import io.lossmonitor.cli.RunCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code loss-monitor} command line: {@code run}, {@code demo} and {@code generate}. */
@Command(name = "loss-monitor", mixinStandardHelpOptions = true, versionProvider = LossMonitorCli.JarVersion.class,
        description = "Live, event-time, exactly-once loss metrics for deployed ML models.",
        subcommands = {RunCommand.class, DemoCommand.class, GenerateCommand.class})
public class LossMonitorCli implements Runnable {

    /** The version the jar's manifest names, as the banner of {@code run} shows it. */
    static final class JarVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LossMonitorCli.class.getPackage().getImplementationVersion();
            return new String[] {"loss-monitor " + (version == null ? "(development build)" : version)};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit code: 0 success, 1 failure, 2 invalid options, and the
     * {@link PreFlightFailure} codes: 3 brokers unreachable, 4 topic missing, 5 broker setting.
     */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, printing to the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new LossMonitorCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err);
        // A failed run ends with one line saying why, not a stack trace; the log has the details.
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof PreFlightFailure refused) {
                cl.getErr().println("loss-monitor: " + refused.getMessage());
                return refused.exitCode();
            }
            if (e instanceof JobFailedException failed) {
                cl.getErr().println("loss-monitor: " + failed.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
            cl.getErr().println("loss-monitor: " + rootMessage(e));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, demo or generate");
    }
}

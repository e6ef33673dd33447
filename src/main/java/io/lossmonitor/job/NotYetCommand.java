package io.lossmonitor.job;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Commands whose implementation has not landed yet: they say so and exit 1 rather than pretend. */
abstract class NotYetCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("loss-monitor: not yet: this command is planned but not implemented in this version");
        return 1;
    }

    @Command(name = "demo", description = "Not yet: the job on an embedded Kafka broker with generated traffic.")
    static class Demo extends NotYetCommand {}

    @Command(name = "generate", description = "Not yet: synthetic prediction traffic to a Kafka topic.")
    static class Generate extends NotYetCommand {}
}

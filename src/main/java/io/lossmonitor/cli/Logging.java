package io.lossmonitor.cli;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Where the command line's log goes: by default only errors reach the console (the status lines say what happens),
 * {@code --verbose} sends the full log there, and {@code --log-file} keeps the full log in a file.
 */
final class Logging {

    private static final String CONSOLE = "Console";

    private Logging() {}

    static void configure(boolean verbose, Path logFile) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        LoggerConfig root = configuration.getRootLogger();
        if (verbose) {
            Appender console = configuration.getAppender(CONSOLE);
            root.removeAppender(CONSOLE);
            root.addAppender(console, Level.INFO, null);
        }
        if (logFile != null) {
            FileAppender file = FileAppender.newBuilder()
                    .setName("File")
                    .withFileName(logFile.toString())
                    .setLayout(PatternLayout.newBuilder().withConfiguration(configuration)
                            .withPattern("%d{ISO8601} %-5p %t %c - %m%n").build())
                    .setConfiguration(configuration)
                    .build();
            file.start();
            configuration.addAppender(file);
            root.addAppender(file, Level.INFO, null);
        }
        context.updateLoggers();
    }
}

package io.lossmonitor.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Prometheus's and Alertmanager's command-line tools (Debian's {@code prometheus} and
 * {@code prometheus-alertmanager} packages). Where one is missing, a test is skipped with the command that installs
 * it; under CI (the environment variable {@code CI} set) it fails instead, since there the tests must run.
 */
public final class MonitoringTools {

    private MonitoringTools() {}

    public static Path prometheus() {
        return require("prometheus", "prometheus");
    }

    public static Path promtool() {
        return require("promtool", "prometheus");
    }

    public static Path amtool() {
        return require("amtool", "prometheus-alertmanager");
    }

    private static Path require(String command, String debianPackage) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String missing = "'" + command + "' is not installed; install it with: sudo apt-get install -y " + debianPackage;
        if (System.getenv("CI") != null) {
            fail(missing + " (under CI this test must run: .ci/run installs it)");
        }
        Assumptions.abort(missing);
        throw new AssertionError("unreachable");
    }
}

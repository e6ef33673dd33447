package io.lossmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.testing.MonitoringTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration and alerting rules in {@code deploy/} are valid, the rules raise the alerts their unit
 * tests expect from series as the job exports them, and the example Alertmanager configuration routes each alert
 * to its receiver — checked with Prometheus's and Alertmanager's own tools.
 */
class MonitoringRulesTest {

    private static final Path PROMETHEUS = Path.of("deploy/prometheus");
    private static final Path ALERTMANAGER_CONFIG = Path.of("deploy/alertmanager/alertmanager.yml");

    @Test
    void alertingRulesAreValid() throws Exception {
        assertThat(run(MonitoringTools.promtool().toString(), "check", "rules",
                PROMETHEUS.resolve("alerts.yml").toString())).contains("SUCCESS: 5 rules found");
    }

    @Test
    void alertingRulesPassTheirUnitTests() throws Exception {
        assertThat(run(MonitoringTools.promtool().toString(), "test", "rules",
                PROMETHEUS.resolve("alerts-test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void prometheusConfigurationLoadsTheRules() throws Exception {
        assertThat(run(MonitoringTools.promtool().toString(), "check", "config",
                PROMETHEUS.resolve("prometheus.yml").toString())).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void alertmanagerRoutesCriticalAlertsToOnCallAndModelAlertsToTheModelTeam() throws Exception {
        String amtool = MonitoringTools.amtool().toString();
        assertThat(run(amtool, "check-config", ALERTMANAGER_CONFIG.toString())).contains("SUCCESS");
        assertThat(route(amtool, "alertname=LossMonitorMetricsDown", "severity=critical")).isEqualTo("on-call");
        assertThat(route(amtool, "alertname=LossMonitorRestarting", "severity=critical", "job_name=loss-monitor"))
                .as("a restart of the monitor pages whoever runs it").isEqualTo("on-call");
        assertThat(route(amtool, "alertname=ModelLossAlert", "severity=warning", "model=fraud-detector"))
                .isEqualTo("ml-models");
        assertThat(route(amtool, "alertname=ChallengerWorse", "severity=warning", "champion=churn-v1",
                "challenger=churn-v2")).isEqualTo("ml-models");
    }

    private static String route(String amtool, String... labels) throws Exception {
        List<String> command = new ArrayList<>(List.of(amtool, "config", "routes", "test",
                "--config.file=" + ALERTMANAGER_CONFIG));
        command.addAll(List.of(labels));
        return run(command.toArray(new String[0])).lines()
                .filter(line -> !line.startsWith("Warning:")).findFirst().orElse("").trim();
    }

    /** Runs a tool to completion and returns its output; a non-zero exit fails with that output. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; its output:%n%s", String.join(" ", command), output)
                .isZero();
        return output;
    }
}

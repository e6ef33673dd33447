package io.lossmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lossmonitor.cli.RunOptions;
import io.lossmonitor.pipeline.LossMonitorJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The flags that docker-compose and the Kubernetes deployment pass to the job are ones the job accepts, their Flink
 * and Prometheus settings keep label values and load the alerting rules, and the production guide lists every
 * operator uid the job has.
 */
class DeploymentFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void composeJobClientFlagsAreAcceptedByTheRunOptions() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        List<String> command = strings(compose.at("/services/job-client/command"));
        assertThat(command.subList(0, 2)).containsExactly("flink", "run");
        int jar = indexOfJar(command);
        assertThat(command.get(jar)).isEqualTo("/opt/flink/usrlib/loss-monitor-job.jar");
        assertAcceptedByRun(command.subList(jar + 1, command.size()));
        assertThat(Files.readString(Path.of("deploy/Dockerfile"))).contains("/opt/flink/usrlib/loss-monitor-job.jar");
    }

    @Test
    void everyFlinkConfigurationKeepsMetricLabelValuesAsOnTheTopics() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        JsonNode composeFlink = YAML.readTree(compose.at("/x-flink-properties").asText());
        JsonNode kubernetes = YAML.readTree(Path.of("deploy/kubernetes/flink-deployment.yaml").toFile())
                .at("/spec/flinkConfiguration");
        for (JsonNode flink : List.of(composeFlink, kubernetes)) {
            assertThat(flink.at("/metrics.reporter.prom.factory.class").asText())
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertThat(flink.at("/metrics.reporter.prom.filterLabelValueCharacters").asText())
                    .as("'fraud-detector' must not become 'fraud_detector'").isEqualTo("false");
        }
    }

    @Test
    void composePrometheusLoadsTheAlertingRulesAndSendsToAlertmanager() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        assertThat(strings(compose.at("/services/prometheus/volumes")))
                .contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
        assertThat(strings(compose.at("/services/alertmanager/volumes")))
                .contains("./deploy/alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro");
        JsonNode prometheus = YAML.readTree(Path.of("deploy/prometheus/prometheus.yml").toFile());
        assertThat(strings(prometheus.at("/rule_files"))).containsExactly("alerts.yml");
        assertThat(strings(prometheus.at("/alerting/alertmanagers/0/static_configs/0/targets")))
                .containsExactly("alertmanager:9093");
    }

    @Test
    void composeGeneratorFlagsAreAcceptedByGenerate() throws Exception {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        List<String> command = strings(compose.at("/services/generator/command"));
        assertThat(command.get(0)).isEqualTo("generate");
        GenerateCommand generate = new GenerateCommand();
        new CommandLine(generate).parseArgs(command.subList(1, command.size()).toArray(new String[0]));
        assertThat(generate.bootstrapServers).isEqualTo("kafka:9092");
        assertThat(generate.rate).isPositive();
    }

    @Test
    void kubernetesDeploymentArgsAreAcceptedByTheRunOptions() throws Exception {
        JsonNode deployment = YAML.readTree(Path.of("deploy/kubernetes/flink-deployment.yaml").toFile());
        assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(deployment.at("/spec/job/jarURI").asText()).endsWith("/loss-monitor-job.jar");
        assertAcceptedByRun(strings(deployment.at("/spec/job/args")));
    }

    @Test
    void theProductionGuideListsEveryOperatorUid() throws Exception {
        RunOptions options = new RunOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--bootstrap-servers", "k:9092",
                "--labels-topic", "labels", "--max-keys", "10", "--compare", "churn-v1:churn-v2");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        LossMonitorJob.define(env, options.toConfig());
        String guide = Files.readString(Path.of("deploy/PRODUCTION.md"));
        List<String> uids = env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getTransformationUID)
                .filter(Objects::nonNull).toList();
        assertThat(uids).as("the job's operator uids").hasSizeGreaterThan(10);
        for (String uid : uids) {
            // A sink's committer takes a uid Flink derives from the sink's ("Sink Committer: aggregate-sink").
            String listed = uid.replaceFirst("^Sink Committer: ", "");
            assertThat(guide).as("deploy/PRODUCTION.md lists uid %s", listed).contains("`" + listed + "`");
        }
    }

    private static void assertAcceptedByRun(List<String> args) {
        RunOptions options = new RunOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(new String[0]));
        assertThat(options.toConfig().bootstrapServers()).as("parsed from %s", args).isNotBlank();
    }

    private static int indexOfJar(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).endsWith(".jar")) {
                return i;
            }
        }
        throw new AssertionError("no jar in " + command);
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("a list of strings: %s", array).isTrue();
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

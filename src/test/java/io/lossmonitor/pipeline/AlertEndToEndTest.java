package io.lossmonitor.pipeline;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lossmonitor.testing.AggregateRecords;
import io.lossmonitor.testing.AggregateRecords.Output;
import io.lossmonitor.testing.KafkaTestBroker;
import io.lossmonitor.testing.TestJobs;
import io.lossmonitor.testing.TestJobs.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Twelve one-minute windows of two classifiers through the real job and Kafka; one degrades from minute 7 to 9.
 * The default rules fire for it within one window of the change, never for the steady one, and resolve after it
 * recovers; the alerts arrive on the alerts topic through the exactly-once sink.
 */
class AlertEndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestJobs.miniCluster();

    private static final int WINDOWS = 12;
    private static final int DEGRADED_FROM = 6;
    private static final int DEGRADED_UNTIL = 9;
    private static final int EVENTS_PER_WINDOW = 200;

    @Test
    void theDegradingModelAlertsAndResolvesAndTheSteadyOneStaysQuiet() throws Exception {
        Random random = new Random(11);
        List<String> events = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                long ts = T0 + w * MINUTE + i * 250L;
                double q = 1 / (1 + Math.exp(-1.5 * random.nextGaussian()));
                int label = random.nextDouble() < q ? 1 : 0;
                boolean degraded = w >= DEGRADED_FROM && w < DEGRADED_UNTIL;
                events.add(json("model", "steady", "ts", ts, "probability", q, "label", label));
                events.add(json("model", "degrading", "ts", ts, "probability", degraded ? 1 - q : q, "label", label));
            }
        }
        Topics topics = Topics.fresh(2);
        KafkaTestBroker.produceStrings(topics.predictions(), 2, events);
        LossMonitorJob.run(TestJobs.bounded(topics));

        assertThat(AggregateRecords.read(topics.output())).hasSize(2 * WINDOWS);
        List<Output> alerts = AggregateRecords.read(topics.alerts());
        assertThat(alerts).as("alerts for the steady model").noneMatch(a -> a.model().equals("steady"));
        assertThat(alerts).allSatisfy(a -> assertThat(a.key()).isEqualTo("degrading"));
        assertThat(alerts).extracting(a -> describe(a.value())).containsExactlyInAnyOrder(
                "cross_entropy firing at " + window(DEGRADED_FROM),
                "error_rate firing at " + window(DEGRADED_FROM),
                "cross_entropy resolved at " + window(DEGRADED_UNTIL + 1),
                "error_rate resolved at " + window(DEGRADED_UNTIL + 1));
        JsonNode firing = alerts.stream().map(Output::value)
                .filter(a -> a.get("metric").asText().equals("cross_entropy") && a.get("state").asText().equals("firing"))
                .findFirst().orElseThrow();
        assertThat(firing.get("rule").asText()).isEqualTo("baseline");
        assertThat(firing.get("value").asDouble()).isGreaterThan(firing.get("threshold").asDouble());
        assertThat(firing.get("threshold").asDouble()).isGreaterThan(firing.get("baseline").asDouble());
        assertThat(firing.get("window_end").asText()).isEqualTo(window(DEGRADED_FROM + 1));
        assertThat(firing.get("message").asText()).startsWith("cross_entropy ").contains(" vs baseline ")
                .contains("over 200 events");
    }

    private static String describe(JsonNode alert) {
        return alert.get("metric").asText() + " " + alert.get("state").asText() + " at "
                + alert.get("window_start").asText();
    }

    private static String window(int index) {
        return Instant.ofEpochMilli(T0 + index * MINUTE).toString();
    }
}

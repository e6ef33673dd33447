package io.lossmonitor.testing;

import static io.lossmonitor.testing.Events.MINUTE;
import static io.lossmonitor.testing.Events.T0;
import static io.lossmonitor.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The traffic of the fail-over tests — two regressors and an encoder's triplets, ten one-minute windows of ten events
 * each, produced in two halves around a failure — and the exactly-once check of what the job wrote for it.
 */
public final class FailoverTraffic {

    /** The model whose events are triplets: anchor (0, 0), positive (6, 8), negative (3, 4). */
    public static final String ENCODER = "encoder";
    public static final List<String> MODELS = List.of("alpha", "beta", ENCODER);
    public static final int EVENTS_PER_WINDOW = 10;
    public static final int WINDOWS = 10;
    /** A model whose late events move event time on so the last window closes; left out of the checks. */
    public static final String CLOCK = "clock";

    private FailoverTraffic() {}

    /**
     * Events of windows [from, to) for every model, in event-time order (regressors: residual 2, MSE 4, Huber(1) 1.5;
     * the encoder: the negative nearer than the positive, each triplet wrong).
     */
    public static List<String> windows(int from, int to) {
        List<String> events = new ArrayList<>();
        for (int w = from; w < to; w++) {
            for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                long ts = T0 + w * MINUTE + i * 1_000;
                for (String model : MODELS) {
                    events.add(model.equals(ENCODER)
                            ? json("model", model, "ts", ts, "anchor", ANCHOR, "positive", POSITIVE,
                                    "negative", NEGATIVE)
                            : json("model", model, "ts", ts, "prediction", 1.0, "label", 3.0));
                }
            }
        }
        return events;
    }

    private static final double[] ANCHOR = {0, 0};
    private static final double[] POSITIVE = {6, 8};
    private static final double[] NEGATIVE = {3, 4};

    /** The second half of the traffic, and an event per partition that closes the last window. */
    public static List<String> secondHalf() {
        List<String> rest = new ArrayList<>(windows(WINDOWS / 2, WINDOWS));
        rest.add(json("model", CLOCK, "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
        rest.add(json("model", CLOCK, "ts", T0 + (WINDOWS + 1) * MINUTE, "prediction", 0.0));
        return rest;
    }

    /** The aggregates of the fail-over models on a topic (the clock left out). */
    public static List<JsonNode> aggregates(String bootstrap, String topic) {
        return AggregateRecords.read(bootstrap, topic).stream().map(AggregateRecords.Output::value)
                .filter(a -> !a.get("model").asText().equals(CLOCK)).toList();
    }

    /** Each (model, window) exactly once, each with all its events: nothing lost, nothing repeated. */
    public static void assertEachWindowExactlyOnce(List<JsonNode> output) {
        Map<String, Long> perWindow = output.stream().collect(Collectors.groupingBy(
                a -> a.get("model").asText() + "@" + a.get("window_start").asText(), Collectors.counting()));
        assertThat(perWindow).as("every (model, window) exactly once").hasSize(MODELS.size() * WINDOWS);
        assertThat(perWindow.values()).containsOnly(1L);
        // PyTorch's TripletMarginLoss of the encoder's triplet, margin 1: about 10 − 5 + 1.
        double tripletLoss = ReferenceMetrics.tripletLoss(
                new double[] {ReferenceMetrics.pairwiseDistance(ANCHOR, POSITIVE)},
                new double[] {ReferenceMetrics.pairwiseDistance(ANCHOR, NEGATIVE)}, 1.0)[0];
        assertThat(output).allSatisfy(a -> {
            assertThat(a.get("count").asLong()).as("count of %s", AggregateRecords.identity(a))
                    .isEqualTo(EVENTS_PER_WINDOW);
            if (a.get("model").asText().equals(ENCODER)) {
                assertThat(a.get("triplet_loss").asDouble()).as(AggregateRecords.identity(a))
                        .isCloseTo(tripletLoss, within(1e-12));
                assertThat(a.get("triplet_error_rate").asDouble()).isEqualTo(1.0);
            } else {
                assertThat(a.get("mse").asDouble()).isEqualTo(4.0);
            }
        });
        assertThat(output.stream().mapToLong(a -> a.get("count").asLong()).sum())
                .as("counts add up to the events produced").isEqualTo((long) MODELS.size() * WINDOWS * EVENTS_PER_WINDOW);
    }
}

package io.lossmonitor.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lossmonitor.testing.Parsers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The triplet and pair forms of the contract, and a specific reason for every way an embedding event breaks it
 * ({@link #rejected()}, checked by {@link PredictionParserTest} with the other forms' rejections).
 */
class EmbeddingEventsTest {

    private static final long KAFKA_TS = 1_764_324_000_000L;
    private final PredictionParser parser = Parsers.prediction();
    private final PredictionParser cosineTriplets = new PredictionParser(4096, true, 10, 1000);

    private PredictionEvent parse(String json) throws InvalidEventException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), KAFKA_TS);
    }

    @Test
    void aTripletOfVectorsIsLabelledByItself() throws Exception {
        PredictionEvent e = parse("""
                {"model":"face-encoder","id":"t-1","anchor":[0.1,0.2],"positive":[0.1,0.25],"negative":[-0.5,1e-3],
                 "weight":2}""");
        assertThat(e.task).isEqualTo(Task.TRIPLET);
        assertThat(e.vectors).isDeepEqualTo(new double[][] {{0.1, 0.2}, {0.1, 0.25}, {-0.5, 1e-3}});
        assertThat(e.labelled).as("a triplet carries its own supervision").isTrue();
        assertThat(e.weight).isEqualTo(2.0);
    }

    @Test
    void aTripletOfDistancesKeepsThemAsGiven() throws Exception {
        PredictionEvent e = parse("{\"model\":\"search\",\"distance_positive\":0.25,\"distance_negative\":0}");
        assertThat(e.task).isEqualTo(Task.TRIPLET);
        assertThat(e.scores).containsExactly(0.25, 0.0);
        assertThat(e.vectors).isNull();
        assertThat(e.labelled).isTrue();
    }

    @Test
    void aPairWithItsLabelInlineOrToCome() throws Exception {
        PredictionEvent similar = parse("{\"model\":\"m\",\"x1\":[1,0,0],\"x2\":[0.5,0.5,0],\"label\":1}");
        assertThat(similar.task).isEqualTo(Task.PAIR);
        assertThat(similar.vectors).isDeepEqualTo(new double[][] {{1, 0, 0}, {0.5, 0.5, 0}});
        assertThat(similar.label).isEqualTo(1.0);
        assertThat(parse("{\"model\":\"m\",\"x1\":[1],\"x2\":[2],\"label\":-1}").label).isEqualTo(-1.0);
        PredictionEvent waiting = parse("{\"model\":\"m\",\"id\":\"p-7\",\"x1\":[1],\"x2\":[2]}");
        assertThat(waiting.labelled).as("its label may come on the labels topic").isFalse();
    }

    @Test
    void aPairLabelFromTheLabelsTopicMustBeOneOrMinusOne() throws Exception {
        PredictionEvent pair = parse("{\"model\":\"m\",\"id\":\"p-7\",\"x1\":[1],\"x2\":[2]}");
        assertThat(Labels.resolve(LabelKind.NUMBER, -1, null, false, pair)).isEqualTo(-1.0);
        assertThatThrownBy(() -> Labels.resolve(LabelKind.NUMBER, 0, null, false, pair))
                .hasMessageContaining("'label' must be 1 (similar) or -1 (dissimilar) for a pair, got 0.0");
        assertThatThrownBy(() -> Labels.resolve(LabelKind.BOOLEAN, 0, null, true, pair))
                .hasMessageContaining("got true");
    }

    @Test
    void vectorsOfTheLongestLengthAreRead() throws Exception {
        String v = vector(4096, "0.5");
        PredictionEvent e = parse("{\"model\":\"m\",\"anchor\":" + v + ",\"positive\":" + v + ",\"negative\":" + v
                + "}");
        assertThat(e.vectors[2]).hasSize(4096);
    }

    @Test
    void aZeroVectorIsRejectedOnlyWhereACosineIsTaken() throws Exception {
        String zeroAnchor = "{\"model\":\"m\",\"anchor\":[0,0],\"positive\":[1,0],\"negative\":[0,1]}";
        assertThat(parse(zeroAnchor).task).as("euclidean distances of a zero vector are defined")
                .isEqualTo(Task.TRIPLET);
        assertThatThrownBy(() -> cosineTriplets.parse(zeroAnchor.getBytes(StandardCharsets.UTF_8), KAFKA_TS))
                .hasMessageContaining("'anchor' is a zero vector: its cosine with another vector is undefined");
    }

    /** Rejected embedding events with their reasons; {@link PredictionParserTest} checks each with the others. */
    static Stream<Arguments> rejected() {
        String longest = vector(4097, "1");
        return Stream.of(
                invalid("{\"model\":\"m\",\"anchor\":[1,2],\"positive\":[1],\"negative\":[3,4]}",
                        "vectors of different lengths: 'anchor' has 2 dimensions, 'positive' has 1"),
                invalid("{\"model\":\"m\",\"x1\":[],\"x2\":[]}",
                        "'x1' is empty: a vector needs at least one dimension"),
                invalid("{\"model\":\"m\",\"x1\":" + longest + ",\"x2\":[1]}",
                        "'x1' has more than 4096 dimensions (--max-dimensions)"),
                invalid("{\"model\":\"m\",\"anchor\":[1,1e999],\"positive\":[1,2],\"negative\":[3,4]}",
                        "'anchor' must hold finite numbers, component 1 is Infinity"),
                invalid("{\"model\":\"m\",\"x1\":[1,\"2\"],\"x2\":[1,2]}",
                        "'x1' must hold only numbers, found a string"),
                invalid("{\"model\":\"m\",\"x1\":{\"a\":1},\"x2\":[1]}", "'x1' must be an array of numbers, got an object"),
                invalid("{\"model\":\"m\",\"x1\":[0,0],\"x2\":[1,2],\"label\":1}",
                        "'x1' is a zero vector: its cosine with another vector is undefined"),
                invalid("{\"model\":\"m\",\"x1\":[1,0],\"x2\":[1,2],\"label\":0}",
                        "'label' must be 1 (similar) or -1 (dissimilar) for a pair, got 0.0"),
                invalid("{\"model\":\"m\",\"x1\":[1,0],\"x2\":[1,2],\"label\":\"similar\"}",
                        "'label' must be 1 (similar) or -1 (dissimilar) for a pair, got \"similar\""),
                invalid("{\"model\":\"m\",\"x1\":[1,0]}", "a pair needs 'x1' and 'x2'; 'x2' is missing"),
                invalid("{\"model\":\"m\",\"anchor\":[1],\"negative\":[2]}",
                        "a triplet needs 'anchor', 'positive' and 'negative'; 'positive' is missing"),
                invalid("{\"model\":\"m\",\"distance_positive\":-0.1,\"distance_negative\":1}",
                        "'distance_positive' must be a finite number >= 0, got -0.1"),
                invalid("{\"model\":\"m\",\"distance_positive\":0.1,\"distance_negative\":\"far\"}",
                        "'distance_negative' must be a number, got a string"),
                invalid("{\"model\":\"m\",\"distance_positive\":0.1,\"distance_negative\":1e999}",
                        "'distance_negative' must be a finite number >= 0, got Infinity"),
                invalid("{\"model\":\"m\",\"distance_positive\":0.1}",
                        "'distance_negative' is missing"),
                invalid("{\"model\":\"m\",\"anchor\":[1],\"positive\":[1],\"negative\":[2],\"distance_positive\":0.1,"
                        + "\"distance_negative\":1}", "a triplet gives either 'anchor', 'positive' and 'negative' or "
                        + "'distance_positive' and 'distance_negative', not both"),
                invalid("{\"model\":\"m\",\"distance_positive\":0.1,\"distance_negative\":1,\"label\":1}",
                        "a triplet takes no 'label'"),
                invalid("{\"model\":\"m\",\"x1\":[1],\"x2\":[2],\"probability\":0.5}",
                        "conflicting fields: probability and a pair are both given"),
                invalid("{\"model\":\"m\",\"x1\":[1],\"x2\":[2],\"anchor\":[1],\"positive\":[1],\"negative\":[2]}",
                        "conflicting fields: a triplet and a pair are both given"));
    }

    private static Arguments invalid(String json, String reason) {
        return Arguments.of(json, RejectionKind.INVALID, reason);
    }

    private static String vector(int dimensions, String component) {
        String[] components = new String[dimensions];
        Arrays.fill(components, component);
        return Arrays.stream(components).collect(Collectors.joining(",", "[", "]"));
    }
}

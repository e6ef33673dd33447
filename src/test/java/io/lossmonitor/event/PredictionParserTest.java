package io.lossmonitor.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lossmonitor.testing.Parsers;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every input form of the contract, and a specific reason for every way a record can break it. */
class PredictionParserTest {

    private static final long KAFKA_TS = 1_764_324_000_000L;
    private final PredictionParser parser = Parsers.prediction();

    private PredictionEvent parse(String json) throws InvalidEventException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), KAFKA_TS);
    }

    @Test
    void regressionWithAllOptionalFields() throws Exception {
        PredictionEvent e = parse("""
                {"model":"price","version":"v3","segment":"country=TW","id":"p-1","ts":1764324000123,
                 "weight":2.5,"prediction":10.5,"label":12,"extra":{"ignored":[1,2]}}""");
        assertThat(e.model).isEqualTo("price");
        assertThat(e.version).isEqualTo("v3");
        assertThat(e.segment).isEqualTo("country=TW");
        assertThat(e.id).isEqualTo("p-1");
        assertThat(e.timestamp).isEqualTo(1_764_324_000_123L);
        assertThat(e.weight).isEqualTo(2.5);
        assertThat(e.task).isEqualTo(Task.REGRESSION);
        assertThat(e.score).isEqualTo(10.5);
        assertThat(e.labelled).isTrue();
        assertThat(e.label).isEqualTo(12.0);
    }

    @Test
    void missingTsFallsBackToTheKafkaTimestampAndIsoTsIsRead() throws Exception {
        assertThat(parse("{\"model\":\"m\",\"prediction\":1}").timestamp).isEqualTo(KAFKA_TS);
        assertThat(parse("{\"model\":\"m\",\"prediction\":1,\"ts\":\"2026-11-28T10:00:00Z\"}").timestamp)
                .isEqualTo(1_795_860_000_000L);
        assertThat(parse("{\"model\":\"m\",\"prediction\":1,\"ts\":\"2026-11-28T18:00:00.250+08:00\"}").timestamp)
                .as("an offset is honoured").isEqualTo(1_795_860_000_250L);
    }

    @Test
    void binaryProbabilityWithNumericAndBooleanLabels() throws Exception {
        PredictionEvent e = parse("{\"model\":\"churn\",\"probability\":0.8,\"label\":true}");
        assertThat(e.task).isEqualTo(Task.BINARY);
        assertThat(e.logits).isFalse();
        assertThat(e.score).isEqualTo(0.8);
        assertThat(e.labelClass()).isEqualTo(1);
        assertThat(parse("{\"model\":\"churn\",\"probability\":0.8,\"label\":false}").labelClass()).isZero();
        assertThat(parse("{\"model\":\"churn\",\"probability\":0.8,\"label\":1.0}").labelClass()).isEqualTo(1);
    }

    @Test
    void aSingleLogitIsBinary() throws Exception {
        PredictionEvent e = parse("{\"model\":\"fraud\",\"logits\":-2.5,\"label\":0}");
        assertThat(e.task).isEqualTo(Task.BINARY);
        assertThat(e.logits).isTrue();
        assertThat(e.score).isEqualTo(-2.5);
    }

    @Test
    void multiclassArrayWithClassNamesAndANamedLabel() throws Exception {
        PredictionEvent e = parse("""
                {"model":"animals","probabilities":[0.2,0.5,0.3],"classes":["cat","dog","bird"],"label":"bird"}""");
        assertThat(e.task).isEqualTo(Task.MULTICLASS);
        assertThat(e.scores).containsExactly(0.2, 0.5, 0.3);
        assertThat(e.classes).containsExactly("cat", "dog", "bird");
        assertThat(e.labelClass()).isEqualTo(2);
    }

    @Test
    void multiclassObjectKeysNameTheClasses() throws Exception {
        PredictionEvent e = parse("{\"model\":\"animals\",\"logits\":{\"cat\":1.0,\"dog\":-0.5},\"label\":\"dog\"}");
        assertThat(e.task).isEqualTo(Task.MULTICLASS);
        assertThat(e.logits).isTrue();
        assertThat(e.classes).containsExactly("cat", "dog");
        assertThat(e.scores).containsExactly(1.0, -0.5);
        assertThat(e.labelClass()).isEqualTo(1);
    }

    @Test
    void multiclassIndexLabelAndRenormalisationWithinTolerance() throws Exception {
        PredictionEvent e = parse("{\"model\":\"m\",\"probabilities\":[0.5,0.504],\"label\":1}");
        assertThat(e.labelClass()).isEqualTo(1);
        assertThat(e.scores[0] + e.scores[1]).isCloseTo(1.0, within(1e-15));
        assertThat(e.scores[1]).isCloseTo(0.504 / 1.004, within(1e-15));
    }

    @Test
    void anAbsentLabelLeavesThePredictionUnlabelled() throws Exception {
        PredictionEvent e = parse("{\"model\":\"m\",\"probability\":0.3,\"label\":null}");
        assertThat(e.labelled).isFalse();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("", RejectionKind.MALFORMED, "empty record"),
                Arguments.of("   ", RejectionKind.MALFORMED, "only white space"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1", RejectionKind.MALFORMED, "malformed JSON"),
                Arguments.of("[1,2]", RejectionKind.MALFORMED, "not a JSON object: the record is an array"),
                Arguments.of("\"text\"", RejectionKind.MALFORMED, "not a JSON object: the record is a string"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1} {}", RejectionKind.MALFORMED, "trailing content"),
                Arguments.of("{\"model\":\"m\",\"prediction\":NaN}", RejectionKind.MALFORMED, "malformed JSON"),
                Arguments.of("{\"model\":\"m\",\"model\":\"n\",\"prediction\":1}", RejectionKind.MALFORMED,
                        "Duplicate field 'model'"),
                Arguments.of("{\"prediction\":1}", RejectionKind.INVALID, "missing field 'model'"),
                Arguments.of("{\"model\":\"\",\"prediction\":1}", RejectionKind.INVALID, "'model' must not be empty"),
                Arguments.of("{\"model\":[1],\"prediction\":1}", RejectionKind.INVALID, "'model' must be a string"),
                Arguments.of("{\"model\":\"" + "x".repeat(300) + "\",\"prediction\":1}", RejectionKind.INVALID,
                        "'model' is longer than 256 characters"),
                Arguments.of("{\"model\":\"m\"}", RejectionKind.INVALID, "no prediction"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1,\"probability\":0.5}", RejectionKind.INVALID,
                        "conflicting fields: prediction and probability"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,0.5],\"logits\":[1,2]}", RejectionKind.INVALID,
                        "conflicting fields"),
                Arguments.of("{\"model\":\"m\",\"prediction\":\"7\"}", RejectionKind.INVALID,
                        "'prediction' must be a number, got a string"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1e400}", RejectionKind.INVALID,
                        "'prediction' must be finite"),
                Arguments.of("{\"model\":\"m\",\"probability\":1.3}", RejectionKind.INVALID,
                        "'probability' must be in [0, 1], got 1.3"),
                Arguments.of("{\"model\":\"m\",\"probability\":-0.1}", RejectionKind.INVALID,
                        "'probability' must be in [0, 1]"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,0.6]}", RejectionKind.INVALID,
                        "'probabilities' must sum to 1 (within 0.01), sums to 1.1"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[1.0]}", RejectionKind.INVALID,
                        "must have at least 2 classes, has 1"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,[0.5]]}", RejectionKind.INVALID,
                        "'probabilities' must hold only numbers, found an array"),
                Arguments.of("{\"model\":\"m\",\"logits\":\"high\"}", RejectionKind.INVALID,
                        "'logits' must be a number, an array of numbers or an object"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,0.5],\"classes\":[\"a\"]}",
                        RejectionKind.INVALID, "'classes' has 1 names but 'probabilities' has 2 values"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,0.5],\"classes\":[\"a\",\"a\"]}",
                        RejectionKind.INVALID, "'classes' names \"a\" twice"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":{\"a\":0.5,\"a\":0.5}}", RejectionKind.INVALID,
                        "'probabilities' names \"a\" twice"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":{\"a\":0.5,\"b\":0.5},\"classes\":[\"a\",\"b\"]}",
                        RejectionKind.INVALID, "keys already name the classes"),
                Arguments.of("{\"model\":\"m\",\"probability\":0.5,\"classes\":[\"a\",\"b\"]}", RejectionKind.INVALID,
                        "'classes' names the positions of a 'probabilities' or 'logits' array"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1,\"label\":\"high\"}", RejectionKind.INVALID,
                        "'label' must be a number for a regression prediction, got \"high\""),
                Arguments.of("{\"model\":\"m\",\"probability\":0.5,\"label\":2}", RejectionKind.INVALID,
                        "'label' must be 0, 1, true or false for a binary prediction, got 2.0"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,0.5],\"label\":2}", RejectionKind.INVALID,
                        "'label' 2 is out of range for 2 classes (0..1)"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,0.5],\"label\":0.5}", RejectionKind.INVALID,
                        "is not a class index"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":[0.5,0.5],\"label\":\"cat\"}", RejectionKind.INVALID,
                        "is a class name, but the prediction has no class names"),
                Arguments.of("{\"model\":\"m\",\"probabilities\":{\"cat\":0.5,\"dog\":0.5},\"label\":\"bird\"}",
                        RejectionKind.INVALID, "'label' \"bird\" is not one of the classes [cat, dog]"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1,\"label\":[1]}", RejectionKind.INVALID,
                        "'label' must be a number, string or boolean, got an array"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1,\"weight\":0}", RejectionKind.INVALID,
                        "'weight' must be a finite number > 0, got 0.0"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1,\"ts\":\"yesterday\"}", RejectionKind.INVALID,
                        "'ts' \"yesterday\" is not an ISO-8601 instant"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1,\"ts\":\"2026-11-28T10:00:00\"}",
                        RejectionKind.INVALID, "is not an ISO-8601 instant with a zone"),
                Arguments.of("{\"model\":\"m\",\"prediction\":1,\"ts\":true}", RejectionKind.INVALID,
                        "'ts' must be epoch milliseconds or an ISO-8601 string, got a boolean"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource({"rejected", "io.lossmonitor.event.EmbeddingEventsTest#rejected"})
    void rejectsWithASpecificReason(String json, RejectionKind kind, String reason) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(reason);
    }

    @Test
    void tombstonesAndInvalidUtf8AreMalformed() {
        assertThatThrownBy(() -> parser.parse(null, KAFKA_TS)).hasMessageContaining("tombstone");
        byte[] invalidUtf8 = {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> parser.parse(invalidUtf8, KAFKA_TS))
                .isInstanceOfSatisfying(InvalidEventException.class,
                        e -> assertThat(e.kind()).isEqualTo(RejectionKind.MALFORMED))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void nestingBeyondTheParserLimitIsMalformedNotAStackOverflow() {
        String bomb = "{\"model\":\"m\",\"prediction\":1,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> parse(bomb)).hasMessageContaining("nesting depth");
    }

    @Test
    void noTsAndNoKafkaTimestampIsInvalid() {
        assertThatThrownBy(() -> parser.parse("{\"model\":\"m\",\"prediction\":1}".getBytes(StandardCharsets.UTF_8), -1))
                .hasMessageContaining("no event time");
    }

    @Test
    void hugeDistributionsAreRejectedNotBuffered() {
        String huge = "{\"model\":\"m\",\"logits\":[" + "0,".repeat(PredictionParser.MAX_CLASSES) + "0]}";
        assertThatThrownBy(() -> parse(huge)).hasMessageContaining("more than 10000 classes");
    }
}

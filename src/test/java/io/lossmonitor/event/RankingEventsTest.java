package io.lossmonitor.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ranking task's event forms, inline and on the labels topic, and a clear reason for each way to break them. */
class RankingEventsTest {

    private static final long KAFKA_TS = 1_764_324_000_000L;
    private final PredictionParser parser = new PredictionParser(4096, false, 3, 5);
    private final LabelParser labels = new LabelParser(4096, 5);

    private PredictionEvent parse(String json) throws InvalidEventException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), KAFKA_TS);
    }

    private LabelEvent label(String json) throws InvalidEventException {
        return labels.parse(json.getBytes(StandardCharsets.UTF_8), KAFKA_TS);
    }

    @Test
    void aServedListKeepsItsFirstKItemsByFingerprintAndItsLength() throws Exception {
        PredictionEvent e = parse("{\"model\":\"search\",\"id\":\"q-1\",\"items\":[\"a\",\"b\",7,\"d\"],"
                + "\"scores\":[3.5,2,1,-1e300]}");
        assertThat(e.task).isEqualTo(Task.RANKING);
        assertThat(e.listLength).isEqualTo(4);
        assertThat(e.items).as("k = 3 of the parser").containsExactly(ItemFingerprint.of("a"),
                ItemFingerprint.of("b"), ItemFingerprint.of("7"));
        assertThat(e.labelled).as("no relevance yet").isFalse();
    }

    @Test
    void itemsCompareByTheirStringForm() throws Exception {
        PredictionEvent e = parse("{\"model\":\"search\",\"items\":[7,\"x\"],\"relevant\":[\"7\"]}");
        assertThat(e.relevantItems).containsExactly(e.items[0]);
        PredictionEvent empty = parse("{\"model\":\"search\",\"items\":[\"\",\"a\"],\"gains\":{\"\":2}}");
        assertThat(empty.relevantItems).as("the empty item is an item too").containsExactly(empty.items[0]);
        assertThat(empty.items[0]).isNotEqualTo(empty.items[1]);
        assertThatThrownBy(() -> parse("{\"model\":\"search\",\"items\":[7,\"7\"]}"))
                .hasMessage("'items' has the item \"7\" twice (again at position 1): each item is named once");
    }

    @Test
    void relevantItemsHaveGainOneAndGradedGainsKeepOnlyThoseAboveZero() throws Exception {
        PredictionEvent clicked = parse("{\"model\":\"search\",\"items\":[\"a\",\"b\"],\"relevant\":[\"b\",\"z\"]}");
        assertThat(clicked.labelled).isTrue();
        assertThat(clicked.relevantItems).containsExactly(ItemFingerprint.of("b"), ItemFingerprint.of("z"));
        assertThat(clicked.gains).as("gain 1 each").isNull();
        PredictionEvent graded = parse("{\"model\":\"search\",\"items\":[\"a\"],\"gains\":{\"a\":0,\"b\":2.5}}");
        assertThat(graded.relevantItems).containsExactly(ItemFingerprint.of("b"));
        assertThat(graded.gains).containsExactly(2.5);
        PredictionEvent noClicks = parse("{\"model\":\"search\",\"items\":[\"a\"],\"relevant\":[]}");
        assertThat(noClicks.labelled).as("judged, without a relevant item").isTrue();
        assertThat(noClicks.relevantItems).isEmpty();
    }

    @Test
    void everyGainsKeyOfEveryRecordIsFingerprintedByItsName() throws Exception {
        for (String[] keys : new String[][] {{"222", "doc-431", "doc-37"}, {"doc-261", "doc-99"}, {"a", "doc-9"}}) {
            StringBuilder gains = new StringBuilder();
            for (String key : keys) {
                gains.append(gains.isEmpty() ? "" : ",").append('"').append(key).append("\":2");
            }
            LabelEvent l = label("{\"id\":\"q\",\"gains\":{" + gains + "}}");
            long[] expected = java.util.Arrays.stream(keys).mapToLong(ItemFingerprint::of).toArray();
            assertThat(l.relevantItems).as("the keys %s, read by a parser that read records before", (Object) keys)
                    .containsExactly(expected);
        }
    }

    @Test
    void aRelevanceLabelOnTheLabelsTopicResolvesOnlyForARankedList() throws Exception {
        LabelEvent l = label("{\"id\":\"q-1\",\"gains\":{\"a\":3,\"b\":1}}");
        assertThat(l.labelKind).isEqualTo(LabelKind.RELEVANCE);
        assertThat(l.written().relevance().items()).containsExactly(ItemFingerprint.of("a"), ItemFingerprint.of("b"));
        assertThat(l.written().relevance().gains()).containsExactly(3.0, 1.0);
        PredictionEvent ranked = parse("{\"model\":\"search\",\"id\":\"q-1\",\"items\":[\"a\"]}");
        assertThat(l.resolveFor(ranked)).isZero();
        PredictionEvent binary = parse("{\"model\":\"churn\",\"id\":\"q-1\",\"probability\":0.3}");
        assertThatThrownBy(() -> l.resolveFor(binary))
                .hasMessage("'relevant' and 'gains' judge a ranked list, but the prediction is a binary one; its "
                        + "ground truth is 'label'");
        LabelEvent number = label("{\"id\":\"q-1\",\"label\":1}");
        assertThatThrownBy(() -> number.resolveFor(ranked)).hasMessageContaining("a ranked list's label is 'relevant'");
    }

    @Test
    void everyBrokenRankingEventIsRejectedWithItsReason() {
        String m = "{\"model\":\"search\",";
        assertRejected(m + "\"items\":[]}", "'items' is empty: a ranked list serves at least one item");
        assertRejected(m + "\"items\":[1,2,3,4,5,6]}", "'items' has more than 5 items (--max-list-length)");
        assertRejected(m + "\"items\":[\"a\",null]}",
                "'items' must hold item ids (strings or whole numbers), found null at position 1");
        assertRejected(m + "\"items\":[1.5]}",
                "'items' must hold item ids (strings or whole numbers), found a number at position 0");
        assertRejected(m + "\"items\":\"a\"}",
                "'items' must be an array of item ids (strings or whole numbers), got a string");
        assertRejected(m + "\"items\":[\"a\",\"b\"],\"scores\":[1]}",
                "'scores' has 1 values but 'items' has 2: one score per item");
        assertRejected(m + "\"items\":[\"a\"],\"scores\":[1e999]}",
                "'scores' must hold finite numbers, position 0 is Infinity");
        assertRejected(m + "\"scores\":[1,2]}", "'scores' rank the items of a list: send the list as 'items' with them");
        assertRejected(m + "\"items\":[\"a\"],\"scores\":[\"high\"]}", "'scores' must hold only numbers, found a string");
        assertRejected(m + "\"items\":[\"a\"],\"scores\":{\"a\":1}}", "'scores' must be an array of numbers, got an object");
        assertRejected(m + "\"items\":[\"a\"],\"gains\":{\"a\":-1}}",
                "'gains' must hold finite numbers >= 0, \"a\" has -1.0");
        assertRejected(m + "\"items\":[\"a\"],\"gains\":{\"a\":1e999}}",
                "'gains' must hold finite numbers >= 0, \"a\" has Infinity");
        assertRejected(m + "\"items\":[\"a\"],\"gains\":{\"a\":\"high\"}}",
                "'gains' must map each item to a number, \"a\" has a string");
        assertRejected(m + "\"items\":[\"a\"],\"relevant\":[\"a\"],\"gains\":{\"a\":1}}",
                "conflicting fields: 'relevant' and 'gains' are both given; send one: 'relevant' for items of gain 1, "
                        + "'gains' for graded ones");
        assertRejected(m + "\"items\":[\"a\"],\"label\":1}", "a ranked list takes no 'label'");
        assertRejected(m + "\"probability\":0.5,\"relevant\":[\"a\"]}",
                "'relevant' judges a ranked list ('items'), but the event has probability");
        assertRejected(m + "\"probability\":0.5,\"items\":[\"a\"]}",
                "conflicting fields: probability and a ranked list ('items') are both given");
        assertRejected(m + "\"items\":[\"a\"],\"relevant\":[\"b\",\"b\"]}", "'relevant' has the item \"b\" twice");
    }

    @Test
    void scoresBesideAnotherPredictionAreIgnoredAsAnyUnknownField() throws Exception {
        PredictionEvent e = parse("{\"model\":\"churn\",\"probability\":0.3,\"scores\":[\"x\",{\"y\":[1]}],"
                + "\"label\":1}");
        assertThat(e.task).isEqualTo(Task.BINARY);
        assertThat(e.score).isEqualTo(0.3);
        assertThat(parse("{\"model\":\"churn\",\"scores\":\"z\",\"probability\":0.4}").score).isEqualTo(0.4);
    }

    @Test
    void aLabelRecordTakesRelevanceButNoList() {
        assertThatThrownBy(() -> label("{\"id\":\"q\",\"items\":[\"a\"],\"relevant\":[\"a\"]}"))
                .hasMessageContaining("a label event has no prediction fields");
        assertThatThrownBy(() -> label("{\"id\":\"q\",\"relevant\":[\"a\"],\"label\":1}"))
                .hasMessageContaining("a ranked list takes no 'label'");
        assertThatThrownBy(() -> label("{\"id\":\"q\",\"relevant\":[1,2,3,4,5,6]}"))
                .hasMessage("'relevant' has more than 5 items (--max-list-length)");
        assertThatThrownBy(() -> label("{\"id\":\"q\"}"))
                .hasMessage("missing field 'label': a label event carries the ground truth ('relevant' or 'gains' "
                        + "for a ranked list)");
    }

    private void assertRejected(String json, String reason) {
        assertThatThrownBy(() -> parse(json)).as(json).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }
}

package io.lossmonitor.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.RankingParameters;
import io.lossmonitor.testing.Parsers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A parser reads records one after another through one reused Jackson parser; whatever came before, each record
 * must come out exactly as a Jackson parser of its own reads it: the same event, or the same rejection with the
 * same reason.
 */
class RecordStreamTest {

    private static final long KAFKA_TS = 1_764_324_000_000L;
    private static final String GOOD = "{\"model\":\"m\",\"ts\":1764324000123,\"prediction\":1.25,\"label\":2}";

    @Test
    void wellFormedRecordsAreReadByTheReusedParserAndOthersDeclined() {
        List<String> read = new ArrayList<>();
        RecordStream stream = new RecordStream(new JsonFactory(), parser -> {
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                parser.nextToken();
                read.add(field + "=" + parser.getText());
            }
        });
        assertThat(stream.read(utf8("{\"a\":1}"))).as("a well-formed record").isTrue();
        assertThat(stream.read(utf8("{\"b\":\"x\"}\n"))).as("trailing white space").isTrue();
        assertThat(stream.read(utf8("{\"c\":2} 3"))).as("trailing content").isFalse();
        assertThat(stream.read(utf8("{\"d\":"))).as("a truncated record").isFalse();
        assertThat(stream.read(utf8("[1]"))).as("not an object").isFalse();
        assertThat(stream.read(utf8("{\"e\":4}"))).as("a well-formed record after declined ones").isTrue();
        assertThat(read).containsSubsequence("a=1", "b=x", "e=4");
    }

    @Test
    void everyRecordReadsAsItWouldAlone() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (byte[] odd : oddRecords()) {
            records.add(odd);
            // A good record after each odd one: the reused parser must not carry anything over.
            records.add(utf8(GOOD));
        }
        PredictionParser shared = Parsers.prediction();
        for (byte[] record : records) {
            assertThat(outcome(shared, record))
                    .as("record %s", new String(record, StandardCharsets.ISO_8859_1))
                    .isEqualTo(outcome(parserPerRecord(), record));
        }
    }

    @Test
    void theHostileCorpusReadsAsItWouldAlone() throws Exception {
        Path corpus = Path.of(RecordStreamTest.class.getResource("/hostile/reasons.tsv").toURI()).getParent();
        List<Path> files;
        try (Stream<Path> listed = Files.list(corpus)) {
            files = listed.filter(f -> !f.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
        assertThat(files).as("the hostile corpus").hasSizeGreaterThan(30);
        PredictionParser shared = Parsers.prediction();
        for (Path file : files) {
            byte[] record = Files.readAllBytes(file);
            assertThat(outcome(shared, record)).as("hostile record %s", file.getFileName())
                    .startsWith("rejected")
                    .isEqualTo(outcome(parserPerRecord(), record));
            assertThat(outcome(shared, utf8(GOOD))).as("the good record after %s", file.getFileName())
                    .isEqualTo(outcome(parserPerRecord(), utf8(GOOD)));
        }
    }

    @Test
    void manyDistinctFieldNamesAcrossParserRenewals() throws Exception {
        // More records than one reused parser reads before it is replaced, each with a field name of its own.
        PredictionParser shared = Parsers.prediction();
        int records = 3 * RecordStream.RECORDS_PER_PARSER + 7;
        for (int i = 0; i < records; i++) {
            PredictionEvent event = shared.parse(utf8("{\"model\":\"m" + (i % 5) + "\",\"unknown_" + i
                    + "\":[" + i + "],\"prediction\":" + i + ".5}"), KAFKA_TS);
            assertThat(event.model).isEqualTo("m" + (i % 5));
            assertThat(event.score).as("record %d", i).isEqualTo(i + 0.5);
        }
    }

    /** Records at the edges of well-formedness, each worth reading after another record. */
    private static List<byte[]> oddRecords() {
        List<byte[]> odd = new ArrayList<>();
        String model = "{\"model\":\"m\",\"prediction\":1";
        for (String text : List.of(
                model + "}", model + "}   ", model + "}\n", model + "}\r\n\t", "  \n" + model + "}",
                model + "} 1", model + "} tr", model + "} {", model + "}{\"model\":\"n\",\"prediction\":2}",
                model + "} /* comment */", model + "}]", model + "}}",
                model, model + ",", model + ",\"x\":{\"y\":[1,2", model + ",\"x\":{\"y\":[1,2]}}",
                model + ",\"x\":[[[[]]]],\"y\":{\"z\":{}}}",
                "{\"model\":\"m\",\"prediction\":" + "1".repeat(2000) + "}",
                "{\"model\":\"m\",\"prediction\":" + "1".repeat(900) + "}",
                "{\"model\":\"m\",\"prediction\":" + "1".repeat(1001) + "}",
                "{\"model\":\"m\",\"prediction\":1." + "1".repeat(1500) + "}",
                "{\"model\":\"m\",\"prediction\":1,\"x\":[" + "2".repeat(1500) + "]}",
                "{\"model\":\"m\",\"prediction\":1,\"" + "n".repeat(60_000) + "\":1}",
                "{\"model\":\"" + "m".repeat(5000) + "\",\"prediction\":1}",
                "{\"model\":\"m\",\"prediction\":1,\"deep\":" + "[".repeat(400) + "]".repeat(400) + "}",
                "{\"model\":\"m\",\"prediction\":01}", "{\"model\":\"m\",\"prediction\":1.}",
                "{\"model\":\"m\",\"prediction\":-}", "{\"model\":\"m\",\"prediction\":+1}",
                "{\"model\":\"m\",\"prediction\":.5}", "{\"model\":\"m\",\"prediction\":1e5}",
                "{\"model\":\"m\",\"prediction\":1E-3}", "{\"model\":\"m\",\"prediction\":NaN}",
                "{\"model\":\"m\\u00e9\\n\",\"prediction\":1}", "{\"model\":\"m\\x\",\"prediction\":1}",
                "{'model':'m','prediction':1}", "{model:\"m\",\"prediction\":1}",
                "{\"model\":\"m\",\"prediction\":1,}", "{\"model\":\"m\",,\"prediction\":1}",
                "{\"model\":\"m\" \"prediction\":1}", "{\"model\":\"m\",\"prediction\" 1}",
                "{\"model\":\"m\",\"prediction\":1,\"model\":\"n\"}", "{\"model\":\"m\",\"prediction\":tru}",
                "{\"model\":\"m\",\"prediction\":1,\"x\":true,\"y\":false,\"z\":null}",
                "{\"model\":\"m\",\"probabilities\":[0.25,0.75],\"label\":1}",
                "{\"model\":\"m\",\"logits\":{\"a\":1,\"b\":2},\"label\":\"b\"}",
                "{\"model\":\"m\",\"logits\":[1,\"2\"],\"label\":1}",
                "{}", "[]", "[1]", "\"m\"", "123", "1 2", "null", "nul", "true", " ", "\n", "{", "}",
                "{\"" + "a".repeat(300) + "\":1,\"model\":\"m\",\"prediction\":1}",
                "{\"model\":\"m\",\"prediction\":1,\"deep\":" + "[".repeat(2000) + "]".repeat(2000) + "}")) {
            odd.add(utf8(text));
        }
        odd.add(bytes(utf8("{\"model\":\"m\",\"prediction\":1,\"x\":\""), new byte[] {(byte) 0xC3, 0x28},
                utf8("\"}")));
        odd.add(bytes(utf8("{\"model\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\",\"prediction\":1}")));
        odd.add(bytes(utf8("{\"model\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                utf8("\",\"prediction\":1}")));
        odd.add(bytes(utf8("{\"model\":\"a"), new byte[] {0x01}, utf8("b\",\"prediction\":1}")));
        odd.add(bytes(utf8("{\"model\":\"m\",\"prediction\":1,\"x\":\""), new byte[] {(byte) 0xF0, (byte) 0x9F},
                utf8("\"}")));
        odd.add(bytes(utf8("{\"model\":\""), "é中😀".getBytes(StandardCharsets.UTF_8), utf8("\",\"prediction\":1}")));
        odd.add(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(model + "}")));
        odd.add((model + "}").getBytes(StandardCharsets.UTF_16LE));
        odd.add((model + "}").getBytes(StandardCharsets.UTF_16BE));
        odd.add((model + "}").getBytes(StandardCharsets.UTF_16));
        odd.add(bytes(utf8(model + "}"), new byte[] {0}));
        odd.add(new byte[] {0});
        return odd;
    }

    /** The reference: a Jackson parser of its own for the record, as if no record came before it. */
    private static PredictionParser parserPerRecord() {
        return new PredictionParser(new RawFieldsReader(false, EmbeddingParameters.DEFAULT_MAX_DIMENSIONS,
                RankingParameters.DEFAULT_MAX_LIST_LENGTH), false, RankingParameters.DEFAULT_K);
    }

    private static String outcome(PredictionParser parser, byte[] record) {
        try {
            return "read " + parser.parse(record, KAFKA_TS);
        } catch (InvalidEventException e) {
            return "rejected " + e.kind() + ": " + e.getMessage();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

package io.lossmonitor.io;

import io.lossmonitor.event.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes a dead letter as the contract's JSON record. The raw value is kept as text when it is valid UTF-8;
 * otherwise {@code raw} is null and {@code raw_base64} holds the exact bytes.
 */
public final class DeadLetterJson {

    public byte[] toBytes(DeadLetter d) {
        return JsonRecords.object(256 + (d.raw == null ? 0 : d.raw.length), g -> {
            g.writeStringField("error", d.error);
            g.writeStringField("source_topic", d.sourceTopic);
            g.writeNumberField("partition", d.partition);
            g.writeNumberField("offset", d.offset);
            g.writeNumberField("kafka_timestamp", d.kafkaTimestamp);
            String text = d.raw == null ? null : utf8(d.raw);
            g.writeStringField("raw", text);
            if (d.raw != null && text == null) {
                g.writeStringField("raw_base64", Base64.getEncoder().encodeToString(d.raw));
            }
        });
    }

    private static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

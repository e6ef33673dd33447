package io.lossmonitor.io;

import io.lossmonitor.event.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes a dead letter as the contract's JSON record. The raw value is kept as text when it is valid UTF-8;
 * otherwise {@code raw} is null and {@code raw_base64} holds the bytes. A value longer than
 * {@link #MAX_RAW_BYTES} is cut there ({@code raw_truncated}, {@code raw_bytes} give the original length), so a
 * huge bad record cannot make a dead letter too large for the topic; the record itself stays at its offset.
 */
public final class DeadLetterJson {

    /** Longest raw value a dead letter carries, in bytes. */
    public static final int MAX_RAW_BYTES = 64 * 1024;

    public byte[] toBytes(DeadLetter d) {
        byte[] raw = d.raw;
        boolean truncated = raw != null && raw.length > MAX_RAW_BYTES;
        byte[] kept = truncated ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw;
        return JsonRecords.object(256 + (kept == null ? 0 : kept.length), g -> {
            g.writeStringField("error", d.error);
            g.writeStringField("source_topic", d.sourceTopic);
            g.writeNumberField("partition", d.partition);
            g.writeNumberField("offset", d.offset);
            g.writeNumberField("kafka_timestamp", d.kafkaTimestamp);
            String text = kept == null ? null : utf8(kept, truncated);
            g.writeStringField("raw", text);
            if (kept != null && text == null) {
                g.writeStringField("raw_base64", Base64.getEncoder().encodeToString(kept));
            }
            if (truncated) {
                g.writeBooleanField("raw_truncated", true);
                g.writeNumberField("raw_bytes", raw.length);
            }
        });
    }

    /** The bytes as text if they are valid UTF-8 (a cut may split the last character: up to 3 bytes are dropped). */
    private static String utf8(byte[] raw, boolean cut) {
        for (int drop = 0; drop <= (cut ? Math.min(3, raw.length) : 0); drop++) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw, 0, raw.length - drop))
                        .toString();
            } catch (CharacterCodingException e) {
                // try without the last byte
            }
        }
        return null;
    }
}

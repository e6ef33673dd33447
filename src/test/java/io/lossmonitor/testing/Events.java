package io.lossmonitor.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds input records of the contract as JSON text from field/value pairs. */
public final class Events {

    /** 2026-11-28T10:00:00Z, the start of the fixtures' first window. */
    public static final long T0 = 1_795_860_000_000L;
    public static final long MINUTE = 60_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    /** {@code json("model", "m", "prediction", 1.5)} → {@code {"model":"m","prediction":1.5}}. */
    public static String json(Object... fieldsAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package io.lossmonitor.io;

import io.lossmonitor.window.ModelKey;

/**
 * Writes the raw value of a dead letter for pre-aggregated input: the key it was aggregated for and how many events
 * it holds ({@code {"model","version","segment","events"}}), since its events are already reduced to sums.
 */
public final class PartialJson {

    public byte[] toBytes(ModelKey key, long events) {
        return JsonRecords.object(128, g -> {
            g.writeStringField("model", key.model);
            g.writeStringField("version", key.version);
            g.writeStringField("segment", key.segment);
            g.writeNumberField("events", events);
        });
    }
}

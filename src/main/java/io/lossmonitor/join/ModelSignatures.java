package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The model signatures a subtask's waiting predictions refer to, each under a 64-bit fingerprint of its content, so
 * that a waiting prediction keeps eight bytes instead of its model's names. The fingerprint is the same in every
 * subtask, so the union of all subtasks' signatures, which each subtask restores, resolves every reference after a
 * rescale. A signature no waiting prediction can still refer to is forgotten.
 */
final class ModelSignatures {

    private static final long SEED = 0x5EED_1AB3L;

    private final Map<Long, ModelSignature> byFingerprint = new HashMap<>();
    private final DataOutputSerializer scratch = new DataOutputSerializer(128);

    /** Registers the signature of a prediction about to wait, and returns its fingerprint. */
    long register(PredictionEvent e) {
        long fingerprint = fingerprint(e);
        ModelSignature s = byFingerprint.get(fingerprint);
        // A fingerprint taken already by another signature (about one in 10^13 at a million signatures) moves on to
        // the next free one: a reference only has to be unique, and a waiting prediction keeps the one it got.
        while (s != null && !s.describes(e)) {
            fingerprint++;
            s = byFingerprint.get(fingerprint);
        }
        if (s == null) {
            s = ModelSignature.of(e, fingerprint);
            byFingerprint.put(fingerprint, s);
        }
        s.lastUsed = Math.max(s.lastUsed, e.timestamp);
        return fingerprint;
    }

    ModelSignature get(long fingerprint) {
        ModelSignature s = byFingerprint.get(fingerprint);
        if (s == null) {
            throw new IllegalStateException("no model signature " + Long.toHexString(fingerprint)
                    + " for a waiting prediction");
        }
        return s;
    }

    /** Forgets the signatures that no prediction of event time {@code since} or later refers to. */
    void forgetUnusedSince(long since) {
        byFingerprint.values().removeIf(s -> s.lastUsed < since);
    }

    int size() {
        return byFingerprint.size();
    }

    /** The signatures, for the checkpoint. */
    List<ModelSignature> snapshot() {
        return new ArrayList<>(byFingerprint.values());
    }

    /** Adds restored signatures: the union of every subtask's, where the same one may come more than once. */
    void restore(Iterable<ModelSignature> restored) {
        for (ModelSignature r : restored) {
            ModelSignature known = byFingerprint.putIfAbsent(r.fingerprint, r);
            if (known != null) {
                known.lastUsed = Math.max(known.lastUsed, r.lastUsed);
            }
        }
    }

    private long fingerprint(PredictionEvent e) {
        scratch.clear();
        try {
            StringSerializer.INSTANCE.serialize(e.model, scratch);
            StringSerializer.INSTANCE.serialize(e.version, scratch);
            StringSerializer.INSTANCE.serialize(e.segment, scratch);
            StringSerializer.INSTANCE.serialize(e.task.jsonName(), scratch);
            scratch.writeInt(e.classes == null ? -1 : e.classes.length);
            if (e.classes != null) {
                for (String c : e.classes) {
                    StringSerializer.INSTANCE.serialize(c, scratch);
                }
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return MurmurHash3.hash(scratch.getSharedBuffer(), 0, scratch.length(), SEED)[0];
    }
}

package io.lossmonitor.join;

import io.lossmonitor.event.PredictionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * The model signatures of a subtask's key groups: per key group a table of the signatures that its ids' waiting
 * predictions and joined labels refer to, each under a small index unique within the key group, so that a reference
 * takes a byte or two. Each table is keyed state of its key group, kept under a key of its own that falls into that
 * group: it moves with the group's ids when the job is rescaled, and a subtask holds the signatures of its own ids
 * only. The tables are read whole when the join starts, changed in memory, and their changed entries written back
 * before each snapshot. A signature is forgotten only once neither the timer of a waiting prediction nor a kept
 * joined label can refer to it, so that a reference always resolves.
 */
final class KeyGroupSignatures {

    /** The state of the tables, one map from index to signature under each key group's own key. */
    static final String STATE = "model-signatures-by-key-group";

    private static final String KEY_PREFIX = "\u0000model-signatures-";
    private static final long SEED = 0x5EED_1AB3L;

    private final KeyedStateBackend<String> backend;
    private final MapState<Integer, KeptSignature> state;
    private final KeyGroupRange range;
    private final int maxParallelism;
    private final Table[] tables;
    private final DataOutputSerializer scratch = new DataOutputSerializer(128);
    private String[] derivedKeys;

    KeyGroupSignatures(KeyedStateBackend<String> backend, MapState<Integer, KeptSignature> state,
                       KeyGroupRange range, int maxParallelism) {
        this.backend = backend;
        this.state = state;
        this.range = range;
        this.maxParallelism = maxParallelism;
        this.tables = new Table[range.getNumberOfKeyGroups()];
    }

    /** The table of the key group of the join's current key. */
    Table current() {
        int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(backend.getCurrentKey(), maxParallelism);
        return table(keyGroup, null);
    }

    /** Reads the tables of this subtask's key groups from state. */
    void load() throws Exception {
        List<String> keys;
        try (Stream<String> stored = backend.getKeys(STATE, VoidNamespace.INSTANCE)) {
            keys = stored.toList();
        }
        for (String key : keys) {
            Table t = table(KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism), key);
            backend.setCurrentKey(key);
            for (Map.Entry<Integer, KeptSignature> e : state.entries()) {
                t.restore(e.getKey(), e.getValue());
            }
        }
    }

    /** Writes the entries changed since the last call into state, before a snapshot. */
    void flush() throws Exception {
        String current = backend.getCurrentKey();
        for (Table t : tables) {
            if (t != null && !t.changed.isEmpty()) {
                backend.setCurrentKey(t.stateKey);
                for (int i = t.changed.nextSetBit(0); i >= 0; i = t.changed.nextSetBit(i + 1)) {
                    KeptSignature s = t.get(i);
                    if (s == null) {
                        state.remove(i);
                    } else {
                        state.put(i, s.copy());
                    }
                }
                t.changed.clear();
            }
        }
        if (current != null) {
            backend.setCurrentKey(current);
        }
    }

    /** Forgets the signatures nothing can refer to any more once event time has reached {@code watermark}. */
    void forgetUnused(long watermark, long ttlMillis) {
        for (Table t : tables) {
            if (t != null) {
                t.forgetUnused(watermark, ttlMillis);
            }
        }
    }

    /** The signatures kept, of every key group. */
    List<KeptSignature> kept() {
        List<KeptSignature> kept = new ArrayList<>();
        for (Table t : tables) {
            if (t != null) {
                kept.addAll(t.byFingerprint.values());
            }
        }
        return kept;
    }

    private Table table(int keyGroup, String stateKey) {
        int slot = keyGroup - range.getStartKeyGroup();
        Table t = tables[slot];
        if (t == null) {
            t = new Table(stateKey != null ? stateKey : derivedKey(slot));
            tables[slot] = t;
        }
        return t;
    }

    /** A key of the given slot's key group, found once for all of the subtask's key groups. */
    private String derivedKey(int slot) {
        if (derivedKeys == null) {
            derivedKeys = new String[tables.length];
            int missing = tables.length;
            for (long n = 0; missing > 0; n++) {
                String key = KEY_PREFIX + n;
                int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism);
                if (range.contains(keyGroup) && derivedKeys[keyGroup - range.getStartKeyGroup()] == null) {
                    derivedKeys[keyGroup - range.getStartKeyGroup()] = key;
                    missing--;
                }
            }
        }
        return derivedKeys[slot];
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

    /** The signatures of one key group, by index and by fingerprint. */
    final class Table {

        private final String stateKey;
        private final Map<Long, KeptSignature> byFingerprint = new HashMap<>();
        private final List<KeptSignature> byIndex = new ArrayList<>();
        private final PriorityQueue<Integer> freeIndices = new PriorityQueue<>();
        private final BitSet changed = new BitSet();

        private Table(String stateKey) {
            this.stateKey = stateKey;
        }

        /** The index of the signature of {@code e}, which is registered if the key group does not know it yet. */
        int register(PredictionEvent e) {
            long fingerprint = fingerprint(e);
            KeptSignature s = byFingerprint.get(fingerprint);
            // A fingerprint taken already by another signature (about one in 10^13 at a million signatures) moves on
            // to the next free one: it only has to be unique within the key group.
            while (s != null && !s.describes(e)) {
                fingerprint++;
                s = byFingerprint.get(fingerprint);
            }
            if (s != null) {
                return s.index;
            }
            s = KeptSignature.of(e, fingerprint);
            Integer free = freeIndices.poll();
            int index = free != null ? free : byIndex.size();
            if (index == byIndex.size()) {
                byIndex.add(s);
            } else {
                byIndex.set(index, s);
            }
            put(index, s);
            return index;
        }

        /** The signature under {@code index}, or null when the key group has none there. */
        KeptSignature get(int index) {
            return index >= 0 && index < byIndex.size() ? byIndex.get(index) : null;
        }

        /** Keeps the signature under {@code index} at least until a waiting prediction's timer at {@code time}. */
        void waitUntil(int index, long time) {
            KeptSignature s = byIndex.get(index);
            if (time > s.waitingUntil) {
                s.waitingUntil = time;
                changed.set(index);
            }
        }

        /** Keeps the signature under {@code index} as long as a joined label of event time {@code time} is kept. */
        void joinedAt(int index, long time) {
            KeptSignature s = byIndex.get(index);
            if (time > s.joinedAt) {
                s.joinedAt = time;
                changed.set(index);
            }
        }

        private void restore(int index, KeptSignature s) {
            while (byIndex.size() <= index) {
                freeIndices.add(byIndex.size());
                byIndex.add(null);
            }
            freeIndices.remove(index);
            byIndex.set(index, s);
            s.index = index;
            byFingerprint.put(s.fingerprint, s);
        }

        private void put(int index, KeptSignature s) {
            s.index = index;
            byFingerprint.put(s.fingerprint, s);
            changed.set(index);
        }

        private void forgetUnused(long watermark, long ttlMillis) {
            for (int i = 0; i < byIndex.size(); i++) {
                KeptSignature s = byIndex.get(i);
                if (s != null && s.unusedAt(watermark, ttlMillis)) {
                    byIndex.set(i, null);
                    byFingerprint.remove(s.fingerprint);
                    freeIndices.add(i);
                    changed.set(i);
                }
            }
        }
    }
}

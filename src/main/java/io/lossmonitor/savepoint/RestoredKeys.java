package io.lossmonitor.savepoint;

import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * The loop every mover of an earlier release's keyed state runs: the keys that hold a value of the named state are
 * collected first (a backend's keys may not stream while its state changes), then each is made the backend's current
 * key in turn, and the state is handed over only when some key holds it, so that a job not restored from that release
 * registers none of its old state.
 */
public final class RestoredKeys {

    private RestoredKeys() {}

    /** Opens the state to move, once some key holds it. */
    @FunctionalInterface
    public interface Opener<S> {
        S open() throws Exception;
    }

    /** What to do at one key, the backend's current key, with the opened state. */
    @FunctionalInterface
    public interface Visit<K, S> {
        void at(K key, S state) throws Exception;
    }

    /** @return how many keys held the state */
    public static <K, S> int forEach(KeyedStateBackend<K> backend, String stateName, Opener<S> opener,
                                     Visit<K, S> visit) throws Exception {
        List<K> keys;
        try (Stream<K> stream = backend.getKeys(stateName, VoidNamespace.INSTANCE)) {
            keys = stream.toList();
        }
        if (keys.isEmpty()) {
            return 0;
        }
        S state = opener.open();
        for (K key : keys) {
            backend.setCurrentKey(key);
            visit.at(key, state);
        }
        return keys.size();
    }
}

package io.lossmonitor.testing;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;

/** The two state backends every stateful operator is tested on: the heap, and RocksDB as production runs it. */
public enum StateBackends {

    HEAP("heap") {
        @Override
        public StateBackend create() {
            return new HashMapStateBackend();
        }
    },
    /** RocksDB with incremental checkpoints and bloom filters, as {@code deploy/kubernetes} configures it. */
    ROCKSDB("RocksDB") {
        @Override
        public StateBackend create() {
            return new EmbeddedRocksDBStateBackend(true);
        }
    };

    private final String displayName;

    StateBackends(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** A new instance of the backend, for an operator test harness. */
    public abstract StateBackend create();

    /** The environment settings that make a job run on this backend. */
    public Configuration configuration() {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, this == HEAP ? "hashmap" : "rocksdb");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this == ROCKSDB);
        if (this == ROCKSDB) {
            c.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        }
        return c;
    }
}

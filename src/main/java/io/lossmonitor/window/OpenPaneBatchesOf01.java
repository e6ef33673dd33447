package io.lossmonitor.window;

import java.util.function.Consumer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;

/**
 * The pane combiner's open panes as release 0.1 checkpointed them — batches in managed list state
 * ({@code open-pane-batches}) rather than raw operator state — read once when the combiner starts from a savepoint
 * that holds them; the list then stays empty.
 */
final class OpenPaneBatchesOf01 {

    static final String STATE = "open-pane-batches";

    private OpenPaneBatchesOf01() {}

    static void read(OperatorStateStore store, ClassLoader classLoader, Consumer<PaneSnapshot> restore)
            throws Exception {
        ListState<byte[]> batches = store.getListState(new ListStateDescriptor<>(STATE,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        for (byte[] batch : batches.get()) {
            PaneBatchCodec.read(batch, classLoader, restore);
        }
        batches.clear();
    }
}

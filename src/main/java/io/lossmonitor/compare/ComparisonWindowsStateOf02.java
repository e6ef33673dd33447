package io.lossmonitor.compare;

import io.lossmonitor.savepoint.RestoredKeys;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * The comparison windows' state as release 0.2 kept it — per comparison its panes' paired differences in one map
 * ({@code pair-panes}) and its progress ({@code comparison}), as POJOs of the names 0.2 gave them — moved into this
 * release's state once, when the windows start from a savepoint that holds it. Its timers stay as they are.
 */
final class ComparisonWindowsStateOf02 {

    static final String PANES = "pair-panes";
    static final String PROGRESS = "comparison";

    /** The state of a pane of the current comparison, by its start. */
    @FunctionalInterface
    interface Panes {
        ValueState<PairedDifferences> pane(long paneStart) throws Exception;
    }

    private final KeyedStateBackend<String> backend;
    private final ValueState<ComparisonProgress> progress;
    private final Panes panes;

    ComparisonWindowsStateOf02(KeyedStateBackend<String> backend, ValueState<ComparisonProgress> progress,
                               Panes panes) {
        this.backend = backend;
        this.progress = progress;
        this.panes = panes;
    }

    void moveIntoCurrentState() throws Exception {
        RestoredKeys.forEach(backend, PANES, () -> backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>(PANES, Types.LONG,
                        TypeInformation.of(io.lossmonitor.window.PairedDifferences.class))), (key, earlier) -> {
                    for (Map.Entry<Long, io.lossmonitor.window.PairedDifferences> pane : earlier.entries()) {
                        panes.pane(pane.getKey()).update(current(pane.getValue()));
                    }
                    earlier.clear();
                });
        RestoredKeys.forEach(backend, PROGRESS, () -> backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ValueStateDescriptor<>(PROGRESS,
                        TypeInformation.of(io.lossmonitor.window.ComparisonProgress.class))), (key, earlier) -> {
                    io.lossmonitor.window.ComparisonProgress kept = earlier.value();
                    if (kept != null) {
                        progress.update(current(kept));
                    }
                    earlier.clear();
                });
    }

    private static ComparisonProgress current(io.lossmonitor.window.ComparisonProgress kept) {
        ComparisonProgress p = new ComparisonProgress();
        p.champion = kept.champion;
        p.challenger = kept.challenger;
        p.segment = kept.segment;
        p.task = kept.task;
        p.cumulative = current(kept.cumulative);
        p.latestPaneEnd = kept.latestPaneEnd;
        return p;
    }

    private static PairedDifferences current(io.lossmonitor.window.PairedDifferences kept) {
        PairedDifferences d = new PairedDifferences();
        if (kept == null) {
            return d;
        }
        d.paired = kept.paired;
        kept.metrics.forEach((name, m) -> {
            PairedMoments moments = new PairedMoments();
            moments.n = m.n;
            moments.championMean = m.championMean;
            moments.challengerMean = m.challengerMean;
            moments.mean = m.mean;
            moments.m2 = m.m2;
            d.metrics.put(name, moments);
        });
        return d;
    }
}

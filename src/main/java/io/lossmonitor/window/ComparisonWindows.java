package io.lossmonitor.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Windows the pairs of one comparison (champion, challenger, segment) in event time and writes, at each window's
 * on-time end, the window's paired differences with the cumulative ones since the first pair. Pairs are summed per
 * pane (one slide), so sliding windows merge panes and every pair enters the cumulative sum once, when its pane
 * ends. Pairs of a pane that has already ended are late: dropped and counted. A comparison without pairs for the
 * key TTL loses its state.
 */
public class ComparisonWindows extends KeyedProcessFunction<String, PairedLosses, ComparisonResult> {

    public static final String LATE_PAIRS = "latePairs";

    private final long windowMillis;
    private final long slideMillis;
    private final long keyTtlMillis;

    private transient MapState<Long, PairedDifferences> panes;
    private transient ValueState<ComparisonProgress> progress;
    private transient Counter late;

    public ComparisonWindows(long windowMillis, long slideMillis, long keyTtlMillis) {
        this.windowMillis = windowMillis;
        this.slideMillis = slideMillis;
        this.keyTtlMillis = keyTtlMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        panes = getRuntimeContext().getMapState(new MapStateDescriptor<>("pair-panes", Types.LONG,
                TypeInformation.of(PairedDifferences.class)));
        progress = getRuntimeContext().getState(new ValueStateDescriptor<>("comparison",
                TypeInformation.of(ComparisonProgress.class)));
        late = getRuntimeContext().getMetricGroup().counter(LATE_PAIRS);
    }

    @Override
    public void processElement(PairedLosses pair, Context ctx, Collector<ComparisonResult> out) throws Exception {
        long paneStart = pair.timestamp - Math.floorMod(pair.timestamp, slideMillis);
        long paneEnd = paneStart + slideMillis;
        if (paneEnd - 1 <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        ComparisonProgress p = progress.value();
        if (p == null) {
            p = new ComparisonProgress();
            p.champion = pair.champion;
            p.challenger = pair.challenger;
            p.segment = pair.segment;
            p.task = pair.task;
        }
        PairedDifferences pane = panes.get(paneStart);
        if (pane == null) {
            pane = new PairedDifferences();
            for (long end = paneEnd; end <= paneStart + windowMillis; end += slideMillis) {
                ctx.timerService().registerEventTimeTimer(end - 1);
            }
            ctx.timerService().registerEventTimeTimer(paneEnd - 1 + keyTtlMillis);
        }
        pane.add(pair.championLosses, pair.challengerLosses);
        panes.put(paneStart, pane);
        p.latestPaneEnd = Math.max(p.latestPaneEnd, paneEnd);
        progress.update(p);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ComparisonResult> out) throws Exception {
        ComparisonProgress p = progress.value();
        if (p == null) {
            return;
        }
        long windowEnd = timestamp + 1;
        if (Math.floorMod(windowEnd, slideMillis) == 0) {
            endWindow(windowEnd, p, out);
        }
        if (panes.isEmpty() && p.latestPaneEnd - 1 + keyTtlMillis <= timestamp) {
            progress.clear();
        } else {
            progress.update(p);
        }
    }

    /** Writes the window that ends at {@code windowEnd}, adds its last pane to the total, drops spent panes. */
    private void endWindow(long windowEnd, ComparisonProgress p, Collector<ComparisonResult> out) throws Exception {
        PairedDifferences window = new PairedDifferences();
        List<Long> evicted = new ArrayList<>();
        for (Map.Entry<Long, PairedDifferences> pane : panes.entries()) {
            long start = pane.getKey();
            if (start >= windowEnd - windowMillis && start < windowEnd) {
                window.merge(pane.getValue());
                if (start + slideMillis == windowEnd) {
                    p.cumulative.merge(pane.getValue());
                }
            }
            if (start + windowMillis < windowEnd + slideMillis) {
                evicted.add(start);
            }
        }
        for (Long start : evicted) {
            panes.remove(start);
        }
        if (panes.isEmpty()) {
            // An empty map still takes a state entry.
            panes.clear();
        }
        if (window.paired > 0) {
            ComparisonResult result = new ComparisonResult();
            result.champion = p.champion;
            result.challenger = p.challenger;
            result.segment = p.segment;
            result.task = p.task;
            result.windowStart = windowEnd - windowMillis;
            result.windowEnd = windowEnd;
            result.window = window;
            result.cumulative = p.cumulative.copy();
            out.collect(result);
        }
    }
}

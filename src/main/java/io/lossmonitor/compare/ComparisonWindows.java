package io.lossmonitor.compare;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Windows the pairs of one comparison (champion, challenger, segment) in event time and writes, at each window's
 * on-time end, the window's paired differences with the cumulative ones since the first pair. Pairs are summed per
 * pane (one slide), each pane in state of its own (namespaced by its start), so a window reads its panes by their
 * starts, never by iterating a map; sliding windows merge panes, and every pair enters the cumulative sum once, when
 * its pane ends. Pairs of a pane that has already ended are late: dropped and counted. A comparison without pairs for
 * the key TTL loses its state.
 */
public class ComparisonWindows extends AbstractStreamOperator<ComparisonResult>
        implements OneInputStreamOperator<PairedLosses, ComparisonResult>, Triggerable<String, VoidNamespace> {

    public static final String LATE_PAIRS = "latePairs";

    /** The paired differences of one pane, in the namespace of the pane's start. */
    static final String PANE = "pane-differences";
    /** Whom the comparison compares, every pair so far, and its latest pane. */
    static final String PROGRESS = "comparison-progress";
    /** The timers' name, as Flink's keyed process operator, which ran the windows before, registered them. */
    static final String TIMERS = "user-timers";

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final long slideMillis;
    private final long keyTtlMillis;

    private transient ValueStateDescriptor<PairedDifferences> paneDescriptor;
    private transient ValueState<ComparisonProgress> progress;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient Counter late;

    public ComparisonWindows(long windowMillis, long slideMillis, long keyTtlMillis) {
        this.windowMillis = windowMillis;
        this.slideMillis = slideMillis;
        this.keyTtlMillis = keyTtlMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        paneDescriptor = new ValueStateDescriptor<>(PANE, TypeInformation.of(PairedDifferences.class));
        progress = getPartitionedState(new ValueStateDescriptor<>(PROGRESS,
                TypeInformation.of(ComparisonProgress.class)));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        late = getMetricGroup().counter(LATE_PAIRS);
        new ComparisonWindowsStateOf02(getKeyedStateBackend(), progress, this::pane).moveIntoCurrentState();
    }

    /** The state of the pane that starts at {@code paneStart}, of the current comparison. */
    private ValueState<PairedDifferences> pane(long paneStart) throws Exception {
        return getPartitionedState(paneStart, LongSerializer.INSTANCE, paneDescriptor);
    }

    @Override
    public void processElement(StreamRecord<PairedLosses> record) throws Exception {
        PairedLosses pair = record.getValue();
        long paneStart = pair.timestamp - Math.floorMod(pair.timestamp, slideMillis);
        long paneEnd = paneStart + slideMillis;
        if (paneEnd - 1 <= timers.currentWatermark()) {
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
        ValueState<PairedDifferences> state = pane(paneStart);
        PairedDifferences pane = state.value();
        if (pane == null) {
            pane = new PairedDifferences();
            for (long end = paneEnd; end <= paneStart + windowMillis; end += slideMillis) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, end - 1);
            }
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, paneEnd - 1 + keyTtlMillis);
        }
        pane.add(pair.championLosses, pair.challengerLosses);
        state.update(pane);
        p.latestPaneEnd = Math.max(p.latestPaneEnd, paneEnd);
        progress.update(p);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        ComparisonProgress p = progress.value();
        if (p == null) {
            return;
        }
        long timestamp = timer.getTimestamp();
        long windowEnd = timestamp + 1;
        if (Math.floorMod(windowEnd, slideMillis) == 0) {
            endWindow(windowEnd, p, timestamp);
        }
        // Every pane has gone once the window that ends with the latest one's last window has ended.
        boolean panesGone = p.latestPaneEnd - slideMillis + windowMillis <= windowEnd;
        if (panesGone && p.latestPaneEnd - 1 + keyTtlMillis <= timestamp) {
            progress.clear();
        } else {
            progress.update(p);
        }
    }

    /** Writes the window that ends at {@code windowEnd}, adds its last pane to the total, drops the spent pane. */
    private void endWindow(long windowEnd, ComparisonProgress p, long timestamp) throws Exception {
        PairedDifferences window = new PairedDifferences();
        for (long start = windowEnd - windowMillis; start < windowEnd; start += slideMillis) {
            PairedDifferences pane = pane(start).value();
            if (pane != null) {
                window.merge(pane);
                if (start + slideMillis == windowEnd) {
                    p.cumulative.merge(pane);
                }
            }
        }
        pane(windowEnd - windowMillis).clear();
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
            output.collect(new StreamRecord<>(result, timestamp));
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // The windows keep event time only.
    }
}

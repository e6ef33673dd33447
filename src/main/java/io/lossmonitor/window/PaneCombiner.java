package io.lossmonitor.window;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.InternalErrors;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.loss.LossParameters;
import io.lossmonitor.loss.ScoredEvent;
import io.lossmonitor.window.OpenPanes.Pane;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.OperatorStateCheckpointOutputStream;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StatePartitionStreamProvider;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Pre-aggregates events per (key, pane) in each source subtask before the shuffle, so that each event's losses are
 * computed once and only small partial accumulators cross the network and touch window state. A pane is one slide
 * (the whole window when tumbling); every event of a pane belongs to the same windows.
 *
 * <p>Open panes are kept in the checkpoint (operator state), so a pane is handed on once, before the watermark that
 * closes it, however many checkpoints it spans. An event behind this subtask's watermark is passed on alone, so
 * the window operator decides whether it is late (and dead-letters it with its content). Memory is bounded by
 * handing everything on when {@code maxPanes} panes are open. An event the combiner fails on (a defect: events are
 * validated at the source) is dead-lettered as {@code internal error: …} and counted, and the job goes on.
 */
public class PaneCombiner extends AbstractStreamOperator<WindowInput>
        implements OneInputStreamOperator<PredictionEvent, WindowInput> {

    private final long paneMillis;
    private final LossParameters params;
    private final int maxPanes;
    private final OutputTag<DeadLetter> deadLetters;
    private final SerializableFunction<PredictionEvent, byte[]> writeBack;

    private transient OpenPanes panes;
    private transient ScoredEvent scratch;
    private transient long watermark;
    private transient PaneBatchCodec codec;
    private transient InternalErrors internalErrors;
    private transient Counter internalErrorCount;

    /**
     * @param deadLetters where an event the combiner fails on goes, written back by {@code writeBack}
     */
    public PaneCombiner(long paneMillis, LossParameters params, int maxPanes, OutputTag<DeadLetter> deadLetters,
                        SerializableFunction<PredictionEvent, byte[]> writeBack) {
        this.paneMillis = paneMillis;
        this.params = params;
        this.maxPanes = maxPanes;
        this.deadLetters = deadLetters;
        this.writeBack = writeBack;
    }

    @Override
    public void open() throws Exception {
        super.open();
        internalErrors = new InternalErrors("combine-panes");
        internalErrorCount = getMetricGroup().addGroup("reason", RejectionKind.INTERNAL.metricName())
                .counter(InternalErrors.DEAD_LETTERED);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        panes = new OpenPanes();
        scratch = new ScoredEvent();
        watermark = Long.MIN_VALUE;
        codec = new PaneBatchCodec(TypeInformation.of(PaneSnapshot.class)
                .createSerializer(getExecutionConfig().getSerializerConfig()));
        for (StatePartitionStreamProvider partition : context.getRawOperatorStateInputs()) {
            DataInputStream in = new DataInputStream(partition.getStream());
            byte[] batch = new byte[in.readInt()];
            in.readFully(batch);
            PaneBatchCodec.read(batch, getUserCodeClassloader(), this::restore);
        }
        OpenPaneBatchesOf01.read(context.getOperatorStateStore(), getUserCodeClassloader(), this::restore);
    }

    private void restore(PaneSnapshot restored) {
        ModelKey k = restored.key;
        Pane pane = panes.open(k.model, k.version, k.segment, k.task, restored.paneStart);
        // After a rescale two snapshots may hold the same pane: their partials merge like any others.
        pane.merge(restored.accumulator);
        pane.events += restored.events;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (panes.size() == 0) {
            return;
        }
        List<PaneSnapshot> open = new ArrayList<>(panes.size());
        panes.forEach(pane -> open.add(
                new PaneSnapshot(pane.modelKey(), pane.paneStart, pane.partial(), pane.events)));
        // Raw operator state, one length-prefixed batch per partition: Flink copies managed operator state into the
        // checkpoint one byte per call, which at 100,000 keys and a checkpoint a second took a tenth of the CPU.
        OperatorStateCheckpointOutputStream raw = context.getRawOperatorStateOutput();
        DataOutputStream out = new DataOutputStream(raw);
        codec.write(open, (buffer, length) -> {
            raw.startNewPartition();
            out.writeInt(length);
            out.write(buffer, 0, length);
        });
        out.flush();
    }

    @Override
    public void processElement(StreamRecord<PredictionEvent> record) {
        PredictionEvent e = record.getValue();
        long paneStart = TimeWindow.getWindowStartWithOffset(record.getTimestamp(), 0, paneMillis);
        if (paneStart + paneMillis - 1 <= watermark) {
            output.collect(new StreamRecord<>(WindowInput.of(e), record.getTimestamp()));
            return;
        }
        Pane pane = panes.open(e.model, e.version, e.segment, e.task, paneStart);
        try {
            pane.add(e, params, scratch);
        } catch (RuntimeException failure) {
            // Events are validated before they get here: a failure is a defect, and the event leaves with it.
            internalErrorCount.inc();
            output.collect(deadLetters, new StreamRecord<>(new DeadLetter(RejectionKind.INTERNAL,
                    internalErrors.reasonFor(failure), e.sourceTopic, e.sourcePartition, e.sourceOffset,
                    e.kafkaTimestamp, writtenBack(e))));
            return;
        }
        pane.events++;
        if (panes.size() >= maxPanes) {
            flush(Long.MAX_VALUE);
        }
    }

    /** {@code e} as an input record, or null where even that fails on it. */
    private byte[] writtenBack(PredictionEvent e) {
        try {
            return writeBack.apply(e);
        } catch (RuntimeException failure) {
            return null;
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        flush(watermark);
        super.processWatermark(mark);
    }

    @Override
    public void finish() throws Exception {
        flush(Long.MAX_VALUE);
        super.finish();
    }

    /** Hands on every pane whose last millisecond is at or before {@code upTo}. */
    private void flush(long upTo) {
        // Most watermarks close no pane: the earliest one tells without a scan.
        if (panes.size() == 0 || upTo < panes.earliestStart() + paneMillis - 1) {
            return;
        }
        panes.removeUpTo(upTo - paneMillis + 1, pane -> output.collect(new StreamRecord<>(
                WindowInput.partial(pane.modelKey(), pane.partial(), pane.events), pane.paneStart + paneMillis - 1)));
    }
}

package io.lossmonitor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.lossmonitor.aggregate.LossAccumulator;
import io.lossmonitor.aggregate.LossAccumulatorTypeInfo;
import io.lossmonitor.aggregate.LossAggregate;
import io.lossmonitor.alert.Alert;
import io.lossmonitor.alert.DriftState;
import io.lossmonitor.compare.ComparisonProgress;
import io.lossmonitor.compare.ComparisonResult;
import io.lossmonitor.compare.PairRejection;
import io.lossmonitor.compare.PairSide;
import io.lossmonitor.compare.PairedDifferences;
import io.lossmonitor.compare.PairedLosses;
import io.lossmonitor.compare.PairedMoments;
import io.lossmonitor.estimate.CalibrationReference;
import io.lossmonitor.estimate.ReferenceOutcomes;
import io.lossmonitor.estimate.WindowEstimate;
import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.LabelEvent;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.PredictionEvent;
import io.lossmonitor.join.KeptSignature;
import io.lossmonitor.join.ModelSignature;
import io.lossmonitor.window.ModelKey;
import io.lossmonitor.window.PaneSnapshot;
import io.lossmonitor.window.WindowInput;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Every type that crosses an operator boundary or lives in state is serialized as a Flink POJO, or by a serializer
 * of its own whose snapshot Flink keeps, never by Kryo.
 */
class PojoTypesTest {

    @Test
    void eventsDeadLettersKeysAggregatesAndAlertStateArePojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PredictionEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ParseResult.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(LabelEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelKey.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(LossAggregate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowInput.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PaneSnapshot.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(Alert.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DriftState.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelSignature.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(KeptSignature.class);
    }

    @Test
    void comparisonRecordsAndStateArePojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PairSide.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PairRejection.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PairedLosses.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PairedMoments.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PairedDifferences.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ComparisonProgress.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ComparisonResult.class);
    }

    @Test
    void estimationStateIsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CalibrationReference.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ReferenceOutcomes.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowEstimate.class);
    }

    @Test
    void accumulatorsHaveTheirOwnSerializerWherePojosHoldThem() {
        assertThat(TypeInformation.of(LossAccumulator.class)).isInstanceOf(LossAccumulatorTypeInfo.class);
        PojoTypeInfo<PaneSnapshot> pane = (PojoTypeInfo<PaneSnapshot>) TypeInformation.of(PaneSnapshot.class);
        assertThat(pane.getPojoFieldAt(pane.getFieldIndex("accumulator")).getTypeInformation())
                .as("a pane's accumulator in a checkpoint").isInstanceOf(LossAccumulatorTypeInfo.class);
        PojoTypeInfo<WindowInput> input = (PojoTypeInfo<WindowInput>) TypeInformation.of(WindowInput.class);
        assertThat(input.getPojoFieldAt(input.getFieldIndex("partial")).getTypeInformation())
                .as("a partial on the wire").isInstanceOf(LossAccumulatorTypeInfo.class);
    }
}

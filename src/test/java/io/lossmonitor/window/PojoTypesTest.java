package io.lossmonitor.window;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.ParseResult;
import io.lossmonitor.event.PredictionEvent;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Every type that crosses an operator boundary or lives in state is serialized as a Flink POJO, never by Kryo. */
class PojoTypesTest {

    @Test
    void eventsDeadLettersKeysAccumulatorsAndAggregatesArePojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PredictionEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ParseResult.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(io.lossmonitor.event.LabelEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ModelKey.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(LossAccumulator.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(LossAggregate.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WindowInput.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PaneSnapshot.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(io.lossmonitor.alert.Alert.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(io.lossmonitor.alert.DriftState.class);
    }
}

package io.lossmonitor.compare;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys the sides of pairs by comparison, segment and prediction id. */
public class PairSideKeySelector implements KeySelector<PairSide, String> {

    @Override
    public String getKey(PairSide side) {
        return side.pairKey();
    }
}

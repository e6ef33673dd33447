package io.lossmonitor.compare;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys pairs by their comparison: both models and the segment. */
public class PairedLossesKeySelector implements KeySelector<PairedLosses, String> {

    @Override
    public String getKey(PairedLosses pair) {
        return ComparisonResult.key(pair.champion, pair.challenger, pair.segment);
    }
}

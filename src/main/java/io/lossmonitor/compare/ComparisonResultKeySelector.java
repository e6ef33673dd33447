package io.lossmonitor.compare;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys comparison results as their pairs were keyed: both models and the segment. */
public class ComparisonResultKeySelector implements KeySelector<ComparisonResult, String> {

    @Override
    public String getKey(ComparisonResult result) {
        return ComparisonResult.key(result.champion, result.challenger, result.segment);
    }
}

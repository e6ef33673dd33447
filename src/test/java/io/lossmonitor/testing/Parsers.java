package io.lossmonitor.testing;

import io.lossmonitor.event.LabelParser;
import io.lossmonitor.event.PredictionParser;
import io.lossmonitor.loss.EmbeddingParameters;
import io.lossmonitor.loss.RankingParameters;

/** The parsers as the job makes them with its default options: the limits, and triplets of euclidean distances. */
public final class Parsers {

    private Parsers() {}

    public static PredictionParser prediction() {
        return new PredictionParser(EmbeddingParameters.DEFAULT_MAX_DIMENSIONS, false, RankingParameters.DEFAULT_K,
                RankingParameters.DEFAULT_MAX_LIST_LENGTH);
    }

    public static LabelParser label() {
        return new LabelParser(EmbeddingParameters.DEFAULT_MAX_DIMENSIONS, RankingParameters.DEFAULT_MAX_LIST_LENGTH);
    }
}

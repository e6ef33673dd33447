package io.lossmonitor.loss;

/** PyTorch's {@code CosineEmbeddingLoss} of one pair: 1 − cos if similar (label 1), max(0, cos − m) if not (−1). */
public final class CosineEmbeddingLoss {

    private CosineEmbeddingLoss() {}

    public static double of(double cosine, double label, double margin) {
        return label > 0 ? 1.0 - cosine : Math.max(0.0, cosine - margin);
    }

    /** Whether the pair is judged wrongly: cos ≥ threshold (called similar) differs from the label being 1. */
    public static boolean wrong(double cosine, double label, double threshold) {
        return (cosine >= threshold) != (label > 0);
    }
}

package io.lossmonitor.loss;

/**
 * Distances and the cosine between two vectors of one length, in double precision, placing ε where PyTorch does:
 * {@code pairwise_distance} adds 1e-6 to every difference, {@code cosine_embedding_loss} 1e-12 to each squared norm.
 */
public final class EmbeddingVectors {

    /** PyTorch {@code TripletMarginLoss}'s and {@code pairwise_distance}'s default ε. */
    public static final double DISTANCE_EPSILON = 1e-6;
    /** PyTorch {@code cosine_embedding_loss}'s ε on each squared norm. */
    public static final double COSINE_EPSILON = 1e-12;

    private EmbeddingVectors() {}

    /** ‖x − y + ε‖₂, ε = 1e-6 added to every component. */
    public static double euclidean(double[] x, double[] y) {
        double sum = 0.0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i] + DISTANCE_EPSILON;
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** ‖x − y‖₂². */
    public static double squaredEuclidean(double[] x, double[] y) {
        double sum = 0.0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            sum += d * d;
        }
        return sum;
    }

    /** x·y / √((‖x‖² + ε)(‖y‖² + ε)), ε = 1e-12. */
    public static double cosine(double[] x, double[] y) {
        double dot = 0.0;
        double xx = 0.0;
        double yy = 0.0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }
        return dot / Math.sqrt((xx + COSINE_EPSILON) * (yy + COSINE_EPSILON));
    }
}

package io.lossmonitor.loss;

/**
 * Distances and the cosine between two vectors of one length, in double precision, placing ε where PyTorch does:
 * {@code pairwise_distance} adds 1e-6 to every difference, {@code cosine_embedding_loss} 1e-12 to each squared norm.
 * Where a plain sum of squares would overflow (components beyond about 1e154), the norms are taken of the vectors
 * scaled by their largest component, so that a distance or cosine whose true value is finite comes out finite; a
 * distance beyond the largest double is +∞.
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
        return sum < Double.POSITIVE_INFINITY ? Math.sqrt(sum) : 2 * scaledNorm(halfDifferences(x, y));
    }

    /** ‖x − y‖₂²; +∞ beyond the largest double. */
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
        if (Double.isFinite(dot) && xx < Double.POSITIVE_INFINITY && yy < Double.POSITIVE_INFINITY) {
            return dot / Math.sqrt((xx + COSINE_EPSILON) * (yy + COSINE_EPSILON));
        }
        return scaledCosine(x, y);
    }

    /** The cosine of the vectors scaled by their largest components, ε scaled alike. */
    private static double scaledCosine(double[] x, double[] y) {
        double sx = largest(x);
        double sy = largest(y);
        if (sx == 0 || sy == 0) {
            return 0.0;
        }
        double dot = 0.0;
        double xx = 0.0;
        double yy = 0.0;
        for (int i = 0; i < x.length; i++) {
            double a = x[i] / sx;
            double b = y[i] / sy;
            dot += a * b;
            xx += a * a;
            yy += b * b;
        }
        // (‖x‖² + ε)(‖y‖² + ε) = sx² sy² (‖x/sx‖² + ε/sx²)(‖y/sy‖² + ε/sy²); sx² sy² cancels with the dot's sx sy.
        double cosine = dot / Math.sqrt((xx + COSINE_EPSILON / sx / sx) * (yy + COSINE_EPSILON / sy / sy));
        return Math.max(-1.0, Math.min(1.0, cosine));
    }

    /** (x − y + ε) / 2, component by component, which no finite components overflow. */
    private static double[] halfDifferences(double[] x, double[] y) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i] / 2 - y[i] / 2 + DISTANCE_EPSILON / 2;
        }
        return d;
    }

    /** ‖v‖₂ as its largest component times the norm of v scaled by it; +∞ beyond the largest double. */
    private static double scaledNorm(double[] v) {
        double scale = largest(v);
        if (scale == 0) {
            return 0;
        }
        double sum = 0.0;
        for (double c : v) {
            double s = c / scale;
            sum += s * s;
        }
        return scale * Math.sqrt(sum);
    }

    private static double largest(double[] v) {
        double largest = 0.0;
        for (double c : v) {
            largest = Math.max(largest, Math.abs(c));
        }
        return largest;
    }
}

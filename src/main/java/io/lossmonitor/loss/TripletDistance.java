package io.lossmonitor.loss;

import java.util.Locale;

/** The distance d(x, y) a triplet's loss is measured in ({@code --triplet-distance}). */
public enum TripletDistance {
    /** ‖x − y + ε‖₂ with ε = 1e-6 added to every component, as PyTorch's {@code pairwise_distance}. */
    EUCLIDEAN {
        @Override
        public double between(double[] x, double[] y) {
            return EmbeddingVectors.euclidean(x, y);
        }
    },
    /** ‖x − y‖₂², the lecture's and FaceNet's form. */
    SQUARED {
        @Override
        public double between(double[] x, double[] y) {
            return EmbeddingVectors.squaredEuclidean(x, y);
        }
    },
    /** 1 − cos(x, y), the cosine as PyTorch's {@code cosine_similarity} with ε = 1e-12 on each squared norm. */
    COSINE {
        @Override
        public double between(double[] x, double[] y) {
            return 1.0 - EmbeddingVectors.cosine(x, y);
        }
    };

    /** d(x, y) for two vectors of one length. */
    public abstract double between(double[] x, double[] y);

    /** The option's spelling, e.g. {@code euclidean}. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The distance an option names, case-insensitively. */
    public static TripletDistance named(String name) {
        for (TripletDistance d : values()) {
            if (d.optionName().equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("--triplet-distance must be euclidean, squared or cosine, got '" + name
                + "'");
    }
}

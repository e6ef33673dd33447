package io.lossmonitor.sketch;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Label delays of a window as a serialized KLL quantile sketch (mergeable, a few KB at most), so accumulators stay
 * plain POJOs and the median is accurate to about 1 % of rank.
 */
public final class LabelDelays {

    /** KLL accuracy parameter: about 1.3 % normalized rank error. */
    private static final int K = 200;

    private LabelDelays() {}

    public static byte[] add(byte[] sketch, long delayMs) {
        KllDoublesSketch kll = sketch == null ? KllDoublesSketch.newHeapInstance(K) : heapify(sketch);
        kll.update(delayMs);
        return kll.toByteArray();
    }

    public static byte[] merge(byte[] a, byte[] b) {
        if (b == null) {
            return a;
        }
        if (a == null) {
            return b;
        }
        KllDoublesSketch kll = heapify(a);
        kll.merge(heapify(b));
        return kll.toByteArray();
    }

    public static double median(byte[] sketch) {
        return sketch == null ? Double.NaN : heapify(sketch).getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE);
    }

    private static KllDoublesSketch heapify(byte[] sketch) {
        return KllDoublesSketch.heapify(Memory.wrap(sketch));
    }
}

package io.lossmonitor.window;

import io.lossmonitor.savepoint.FrozenFormat;

/**
 * One loss's running moments over paired predictions as release 0.2 kept them in the comparison windows' state: a
 * Flink POJO of the name it had then, read only when a 0.2 savepoint is restored.
 */
@FrozenFormat(release = "0.2")
public class PairedMoments {

    public long n;
    public double championMean;
    public double challengerMean;
    public double mean;
    public double m2;

    public PairedMoments() {}
}

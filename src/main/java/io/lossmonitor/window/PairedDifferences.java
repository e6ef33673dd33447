package io.lossmonitor.window;

import io.lossmonitor.savepoint.FrozenFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * The paired predictions of a pane or of a whole comparison as release 0.2 kept them in the comparison windows'
 * state: a Flink POJO of the name it had then, read only when a 0.2 savepoint is restored.
 */
@FrozenFormat(release = "0.2")
public class PairedDifferences {

    public long paired;
    public Map<String, PairedMoments> metrics = new HashMap<>();

    public PairedDifferences() {}
}

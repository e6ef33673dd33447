package io.lossmonitor.pipeline;

import io.lossmonitor.event.DeadLetter;
import io.lossmonitor.event.RejectionKind;
import io.lossmonitor.window.ModelKey;
import io.lossmonitor.window.WindowInput;
import org.apache.flink.api.common.functions.MapFunction;

/** Dead letters for the input of keys beyond {@code --max-keys}, naming the key and the limit. */
public class OverLimitDeadLetters implements MapFunction<WindowInput, DeadLetter> {

    private final long maxKeys;

    public OverLimitDeadLetters(long maxKeys) {
        this.maxKeys = maxKeys;
    }

    @Override
    public DeadLetter map(WindowInput input) {
        ModelKey key = input.modelKey();
        String error = "key limit: the job keeps state for at most " + maxKeys + " (model, version, segment) keys "
                + "(--max-keys " + maxKeys + "); model '" + key.model + "', version " + quoted(key.version)
                + ", segment " + quoted(key.segment) + " is not monitored";
        return WindowInputDeadLetters.of(input, RejectionKind.OVERFLOW, error);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}

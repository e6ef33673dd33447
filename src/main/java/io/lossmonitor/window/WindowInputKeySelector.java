package io.lossmonitor.window;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys window inputs, single events and partials alike, by {@link ModelKey}. */
public class WindowInputKeySelector implements KeySelector<WindowInput, ModelKey> {

    @Override
    public ModelKey getKey(WindowInput input) {
        return input.modelKey();
    }
}

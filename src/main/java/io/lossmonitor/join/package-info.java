/**
 * The join of predictions with labels that arrive on their own topic, by id, in event time, with its compact state
 * formats, its model signatures per key group, and the formats of releases 0.1 and 0.2, moved into the current ones
 * at restore; also, under the name release 0.2 gave it, the format in which that release kept a
 * comparison's waiting side, read only on restore. Knows nothing of windows, comparisons or outputs.
 */
package io.lossmonitor.join;

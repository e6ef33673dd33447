/**
 * The Flink window operators of the losses: the pane combiner, the trigger, the key limit, the watermarks, and the
 * key and pane records they keep; also, under the names earlier releases' savepoints gave them, the formats in which
 * those releases kept an accumulator (0.1) and a comparison's windows (0.2), read only on restore. Knows nothing of
 * labels, comparisons, alerts or Kafka.
 */
package io.lossmonitor.window;

/**
 * Champion/challenger comparisons, whole: scoring and pairing the predictions two models share by id, paired
 * moments, the confidence sequence and verdicts, the comparison windows and their alerts, gauges and JSON, and the
 * move of release 0.2's comparison state; knows nothing of how the rest of the dataflow is wired.
 */
package io.lossmonitor.compare;

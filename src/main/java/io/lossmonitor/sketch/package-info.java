/**
 * Mergeable summaries of a window's events (quantiles, score histogram, score cells, calibration bins, class table,
 * label delays), each with its own merge, copy and bytes; knows nothing of metrics, windows or Flink operators.
 */
package io.lossmonitor.sketch;

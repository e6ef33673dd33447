/** Per-event loss formulas over a scored event; no Flink, no Jackson, no knowledge of windows or records. */
package io.lossmonitor.loss;

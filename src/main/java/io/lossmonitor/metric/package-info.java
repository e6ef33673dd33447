/**
 * The metric catalogue: one entry per metric, with its per-event value and how a window summarises it; knows what a
 * window must be able to tell it, not how a window keeps its state.
 */
package io.lossmonitor.metric;

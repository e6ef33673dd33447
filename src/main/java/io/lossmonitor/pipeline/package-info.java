/**
 * The dataflow, wired from injectable sources and sinks: parsing, dead letters, the label join, windows, alerts and
 * comparisons, and the job's configuration; knows nothing of the command line.
 */
package io.lossmonitor.pipeline;

/**
 * Drift rules over the stream of window aggregates (the default baseline, thresholds, Page-Hinkley), their state by
 * metric and rule name, and the gauges of the latest metrics and alert states; knows nothing of comparisons or Kafka.
 */
package io.lossmonitor.alert;

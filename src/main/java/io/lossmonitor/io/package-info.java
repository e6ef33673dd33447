/**
 * Kafka deserialization that never throws, and the JSON of every output record; knows nothing of how the dataflow is
 * wired.
 */
package io.lossmonitor.io;

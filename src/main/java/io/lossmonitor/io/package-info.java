/**
 * Kafka deserialization that never throws (an embedding event's vectors reduced as it is read), and the JSON of the
 * aggregate, alert and dead-letter records (a comparison's is its feature's, in compare); knows nothing of how the
 * dataflow is wired.
 */
package io.lossmonitor.io;

/**
 * A window's state and result: the accumulator, its moments and parts by name, its versioned serializer, and the
 * aggregate record; knows the catalogue, not the Flink operators that hold it.
 */
package io.lossmonitor.aggregate;

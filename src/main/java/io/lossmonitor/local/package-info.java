/** The command line's top: the demo, the traffic generator and an in-process Kafka broker. */
package io.lossmonitor.local;

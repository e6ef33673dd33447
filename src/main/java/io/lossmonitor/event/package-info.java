/**
 * Prediction and label records as read from Kafka: parsing, validation and the reasons for rejecting a record; knows
 * nothing of Flink, losses or windows.
 */
package io.lossmonitor.event;

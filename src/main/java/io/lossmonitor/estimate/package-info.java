/**
 * Estimated performance before labels arrive: a calibration map each classifier learns from its own labelled
 * outcomes over a sliding reference, and the window estimates made from it over all predictions; knows the window's
 * summaries and the catalogue, not the window operators that call it.
 */
package io.lossmonitor.estimate;

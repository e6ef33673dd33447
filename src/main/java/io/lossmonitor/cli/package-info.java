/**
 * The {@code run} command and the cluster job's entry point: options, pre-flight checks, banner, status lines and
 * summary; knows nothing of the demo or the generated traffic.
 */
package io.lossmonitor.cli;

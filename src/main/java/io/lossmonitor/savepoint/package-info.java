/**
 * What marks the classes that earlier releases' savepoints name, so that no new code uses them; below every other
 * package, and knows none of them.
 */
package io.lossmonitor.savepoint;

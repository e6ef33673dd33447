/**
 * What every state format shares: the mark of the classes that earlier releases' savepoints name, so that no new code
 * uses them, and the one codec of variable-length numbers the compact formats write; below every other package, and
 * knows none of them.
 */
package io.lossmonitor.savepoint;

package io.lossmonitor.savepoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that an earlier release's savepoints name (POJO state, a serializer snapshot), which Flink finds by
 * that name when it restores them: it stays where and as that release had it, and only the mover that converts it at
 * restore (a class named {@code …Of0N}) uses it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FrozenFormat {

    /** The release whose savepoints name the class, e.g. {@code "0.2"}. */
    String release();
}

package io.conntrackd.sink;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The smallest value a numeric option of a {@link SinkConfiguration} takes, checked by
 * {@link SinkConfiguration#validate()}: a number, or the value of another option of the same
 * configuration (a longest delay at least the first one, for example).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface AtLeast {

    /** The smallest value allowed. */
    long value() default 0;

    /** If not empty, the option whose value is the smallest allowed instead of {@link #value()}. */
    String option() default "";
}

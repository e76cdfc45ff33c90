package io.conntrackd.sink;

import java.lang.reflect.Field;

import io.conntrackd.sink.SinkEndpoint.WhenFull;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options every sink has: its queue and how it drains. Each sink extends it with its own options
 * (the camel-kafka {@code KafkaConfiguration} pattern): the component holds one as its
 * {@code configuration} option, every endpoint starts from a {@link #copy()} of it, and its URI
 * overrides single options. Each option is one annotated field: its {@code @UriParam} (or
 * {@code @UriPath}) with description and default, and its range ({@link AtLeast}); the daemon derives
 * its flags, variables and configuration-file keys from these fields.
 */
@UriParams
public class SinkConfiguration implements Cloneable {

    @UriParam(label = "queue", defaultValue = "100000",
              description = "How many events may wait for this sink; bursts beyond it are handled as when-full says.")
    @AtLeast(1)
    private int queueSize = 100_000;

    @UriParam(label = "queue", defaultValue = "DROP", enums = "DROP,BLOCK",
              description = "When the queue is full: DROP counts the event as dropped and goes on (never delays"
                            + " the route or other sinks); BLOCK waits for room.")
    private WhenFull whenFull = WhenFull.DROP;

    @UriParam(label = "queue", defaultValue = "1024",
              description = "At most this many queued events are written in one go.")
    @AtLeast(1)
    private int writeBatchSize = 1024;

    @UriParam(label = "queue", defaultValue = "1000",
              description = "On shutdown, how long to keep writing queued events, in milliseconds, counted from"
                            + " when the first sink began to stop (all sinks drain at once); what is left after it"
                            + " is counted as dropped and logged.")
    @AtLeast(0)
    private long drainTimeout = 1000;

    /** A copy that can be changed without changing this one (options are immutable values). */
    public SinkConfiguration copy() {
        try {
            return (SinkConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the options, so that a bad endpoint fails when it is created, not at its first event.
     * Sinks add their own checks after these.
     *
     * @throws InvalidOptionException naming the first option that cannot be used
     */
    public void validate() {
        for (Class<?> type = getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                AtLeast range = field.getAnnotation(AtLeast.class);
                if (range != null) {
                    checkAtLeast(field, range);
                }
            }
        }
    }

    private void checkAtLeast(Field field, AtLeast range) {
        long value = numberIn(field);
        long minimum = range.option().isEmpty() ? range.value() : numberIn(fieldNamed(range.option()));
        if (value < minimum) {
            String reason = range.option().isEmpty() ? "" : " ({" + range.option() + "})";
            throw new InvalidOptionException(field.getName(), value, minimum == 0 ? "{}: must be 0 or more"
                    : "{}: must be at least " + minimum + reason);
        }
    }

    private long numberIn(Field field) {
        try {
            field.setAccessible(true);
            return ((Number) field.get(this)).longValue();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private Field fieldNamed(String name) {
        for (Class<?> type = getClass(); type != Object.class; type = type.getSuperclass()) {
            try {
                return type.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // declared further up
            }
        }
        throw new IllegalStateException("@AtLeast names no option " + name + " of " + getClass().getName());
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public WhenFull getWhenFull() {
        return whenFull;
    }

    public void setWhenFull(WhenFull whenFull) {
        this.whenFull = whenFull;
    }

    public int getWriteBatchSize() {
        return writeBatchSize;
    }

    public void setWriteBatchSize(int writeBatchSize) {
        this.writeBatchSize = writeBatchSize;
    }

    public long getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(long drainTimeout) {
        this.drainTimeout = drainTimeout;
    }
}

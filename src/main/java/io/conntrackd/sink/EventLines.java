package io.conntrackd.sink;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.conntrackd.conntrack.ConntrackEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;

/**
 * The JSON lines that the sinks of one CamelContext encoded lately, so that each event's line is encoded once
 * for all the sinks that write it (the stream sink's line, Kafka's record value, Loki's log line): the first
 * sink to need a line encodes and keeps it here, the others take it, and the last one to take it lets it go.
 *
 * <p>Why not a field of the event: {@link ConntrackEvent} is a record of the public API, which can hold no
 * field beyond its components; a memo here costs no change to it and keeps a line no longer than the sinks
 * need it. Events are matched by identity: the sinks of the route get the same event objects, and an event
 * made again (read back from a disk buffer, changed by a route) is simply encoded again.
 *
 * <p>Bounded: a fixed table of {@value #SLOTS} lines, two places per event (found by its identity hash); a
 * line that finds both taken replaces the older one, and whoever wanted the replaced line encodes it again. A
 * sink that lags behind the others by more than the table holds encodes its lines itself. Lines are
 * kept only while more than one started sink writes the route's own events ({@link #join}); otherwise each
 * sink encodes for itself, keeping nothing.
 *
 * <p>Thread-safe: each sink's writer runs on its own thread. A kept line is an immutable array inside an
 * object with final fields, published and taken through an {@link AtomicReferenceArray}; two sinks that
 * encode the same event at once make identical arrays, and either one may stay.
 */
public final class EventLines {

    /**
     * How many lines the table holds: far more than the events between sinks that keep pace (a few writes of
     * 1,024), and at most some MB of lines even when it is full of lines that a lagging sink never takes.
     */
    static final int SLOTS = 1 << 14;
    private static final int INDEX_SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(SLOTS);

    private final AtomicReferenceArray<Line> slots = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger writers = new AtomicInteger();

    EventLines() {
    }

    /** The lines of the sinks of {@code context}: one table per CamelContext, made when a sink first asks. */
    public static EventLines of(CamelContext context) {
        ExtendedCamelContext extension = context.getCamelContextExtension();
        synchronized (extension) {
            EventLines lines = extension.getContextPlugin(EventLines.class);
            if (lines == null) {
                lines = new EventLines();
                extension.addContextPlugin(EventLines.class, lines);
            }
            return lines;
        }
    }

    /**
     * A line encoder for a started sink whose writer gets the route's own event objects; {@link LineEncoder#leave}
     * when the sink stops.
     */
    public LineEncoder join() {
        writers.incrementAndGet();
        return new LineEncoder(this);
    }

    void leave() {
        if (writers.decrementAndGet() < 2) {
            for (int i = 0; i < SLOTS; i++) {
                slots.set(i, null); // nobody to share with: keep nothing
            }
        }
    }

    /** Whether more than one started sink writes lines of the same events, so that lines are worth keeping. */
    boolean isShared() {
        return writers.get() > 1;
    }

    /**
     * The line another sink kept for {@code event}, or {@code null}; once every other sink has taken it, it is
     * let go.
     */
    byte[] take(ConntrackEvent event) {
        int i = index(event);
        byte[] line = takeAt(i, event);
        return line != null ? line : takeAt(i ^ 1, event);
    }

    private byte[] takeAt(int i, ConntrackEvent event) {
        Line line = slots.get(i);
        if (line == null || line.event != event) {
            return null;
        }
        int others = writers.get() - 1;
        if (others <= 1 || line.takenOnce() >= others) {
            slots.compareAndSet(i, line, null);
        }
        return line.bytes;
    }

    /**
     * Keeps {@code bytes}, the line of {@code event}, for the other sinks: in a free place of the two, else in
     * place of the line of the older event, unless this one is older still. A sink that lags far behind the
     * others (its queue filled) thus never pushes out the lines they kept for the sinks close behind them.
     */
    void keep(ConntrackEvent event, byte[] bytes) {
        int i = index(event);
        Line line = new Line(event, bytes);
        if (slots.compareAndSet(i, null, line) || slots.compareAndSet(i ^ 1, null, line)) {
            return;
        }
        Line first = slots.get(i);
        Line second = slots.get(i ^ 1);
        int older = first == null || second != null && first.received() <= second.received() ? i : i ^ 1;
        Line replaced = older == i ? first : second;
        if (replaced == null || replaced.received() <= event.receivedNanos()) {
            slots.compareAndSet(older, replaced, line); // lost to another sink's keep or take: as good
        }
    }

    /** Lines kept now: for tests. */
    int kept() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * The first of the event's two places (the second is its neighbour), from its identity hash: events are
     * matched by identity, and many events share their content's likely keys (one flow's updates, one receive
     * time for a whole batch).
     */
    private static int index(ConntrackEvent e) {
        return (int) ((System.identityHashCode(e) * 0x9E3779B97F4A7C15L) >>> INDEX_SHIFT) & ~1;
    }

    /** A kept line and its event; counts how many sinks took it. */
    private static final class Line {
        private static final VarHandle TAKEN;

        static {
            try {
                TAKEN = MethodHandles.lookup().findVarHandle(Line.class, "taken", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ConntrackEvent event;
        final byte[] bytes;
        @SuppressWarnings("unused") // through TAKEN
        private volatile int taken;

        Line(ConntrackEvent event, byte[] bytes) {
            this.event = event;
            this.bytes = bytes;
        }

        long received() {
            return event.receivedNanos();
        }

        /** Counts one more sink that took the line; returns how many have. */
        int takenOnce() {
            return (int) TAKEN.getAndAdd(this, 1) + 1;
        }
    }
}

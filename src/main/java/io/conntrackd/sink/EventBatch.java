package io.conntrackd.sink;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

import io.conntrackd.conntrack.ConntrackEvent;

/**
 * Events handed to a sink's writer, with the duty to settle each of them exactly once: as
 * {@link Outcome#DELIVERED delivered}, {@link Outcome#FAILED failed} or {@link Outcome#DROPPED dropped}, the
 * last two with a reason. Whoever holds an event last settles it, and the sink's {@link SinkStats} count
 * nothing else (the finaliser of Vector's events, without the reference counting):
 * <ul>
 *   <li>a writer settles what it is done with during {@link SinkWriter#write} ({@link #settle},
 *       {@link #settleRemaining});</li>
 *   <li>an event it keeps beyond that (to batch or retry it, or until a destination acknowledges it
 *       asynchronously) it {@link #take takes}; the {@link Ticket} settles it later, from any thread;</li>
 *   <li>what the writer neither settled nor took when write ends, the sink's worker settles: as failed when
 *       write threw, and as failed and a contract error when it returned.</li>
 * </ul>
 * A second settlement of an event is a contract error too: the first outcome stands, and the error is
 * counted ({@link SinkStats#settlementErrors()}) and logged, never silent. Once every event is settled the
 * batch is complete, and its owner hears of it (the worker releases complete batches in arrival order).
 *
 * <p>Thread-safe: events of one batch may be settled from several threads at once.
 */
public final class EventBatch {

    private static final int HELD = 0;
    private static final int TAKEN = 1;
    private static final int SETTLED = 2; // + the outcome's ordinal
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final List<ConntrackEvent> events;
    private volatile byte[][] lines;
    private final SinkStats stats;
    private final Consumer<EventBatch> whenSettled;
    private final AtomicIntegerArray states;
    private final AtomicInteger unsettled;

    /**
     * A batch that counts its settlements in {@code stats}, for a writer used on its own (a benchmark, a
     * test, a buffer that replays stored events); the sink's worker makes its own.
     */
    public EventBatch(List<ConntrackEvent> events, SinkStats stats) {
        this(events, stats, batch -> { });
    }

    /** @param whenSettled called once, on the thread that settles the last event */
    EventBatch(List<ConntrackEvent> events, SinkStats stats, Consumer<EventBatch> whenSettled) {
        this(List.copyOf(events), null, stats, whenSettled);
    }

    /**
     * A batch of events with their lines as the route encoded them ({@code null} where it did not), for a
     * writer used on its own; the sink's worker makes its own.
     */
    public static EventBatch withLines(List<ConntrackEvent> events, List<byte[]> lines, SinkStats stats) {
        if (lines.size() != events.size()) {
            throw new IllegalArgumentException(lines.size() + " lines for " + events.size() + " events");
        }
        return new EventBatch(List.copyOf(events), lines.toArray(byte[][]::new), stats, batch -> { });
    }

    /** The queued events of a sink's worker, with the lines the route encoded for them. */
    static EventBatch ofQueued(List<QueuedEvent> queued, SinkStats stats, Consumer<EventBatch> whenSettled) {
        ConntrackEvent[] events = new ConntrackEvent[queued.size()];
        byte[][] lines = null;
        for (int i = 0; i < events.length; i++) {
            QueuedEvent q = queued.get(i);
            events[i] = q.event();
            if (q.line() != null) {
                if (lines == null) {
                    lines = new byte[events.length][];
                }
                lines[i] = q.line();
            }
        }
        return new EventBatch(List.of(events), lines, stats, whenSettled);
    }

    private EventBatch(List<ConntrackEvent> events, byte[][] lines, SinkStats stats,
                       Consumer<EventBatch> whenSettled) {
        this.events = events;
        this.lines = lines;
        this.stats = stats;
        this.whenSettled = whenSettled;
        this.states = new AtomicIntegerArray(this.events.size());
        this.unsettled = new AtomicInteger(this.events.size());
        if (this.events.isEmpty()) {
            whenSettled.accept(this);
        }
    }

    /** The events, in the order they came. */
    public List<ConntrackEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    /**
     * The stream JSON line of the event at {@code index} (the stream sink's line without its newline), when the
     * route encoded it once for every sink that writes it ({@link EventLines}); else {@code null}, and a writer
     * that needs it encodes it ({@link LineEncoder}). Only during {@link SinkWriter#write}; never change it.
     */
    public byte[] line(int index) {
        byte[][] l = lines;
        return l == null ? null : l[index];
    }

    /** The writer is done with the lines: the batch may live on until its events are settled, they need not. */
    void forgetLines() {
        lines = null;
    }

    /**
     * Settles the event at {@code index}, whether the batch still holds it or it was taken.
     *
     * @param reason why it was not delivered; may be {@code null} only for {@link Outcome#DELIVERED}
     */
    public void settle(int index, Outcome outcome, String reason) {
        checkReason(outcome, reason);
        int target = SETTLED + outcome.ordinal();
        int state;
        do {
            state = states.get(index);
            if (state >= SETTLED) {
                stats.settlementError(1, "event " + index + " of a batch of " + size() + " was settled twice: "
                        + OUTCOMES[state - SETTLED] + ", then " + describe(outcome, reason));
                return;
            }
        } while (!states.compareAndSet(index, state, target));
        stats.settled(outcome, 1, reason);
        countDown(1);
    }

    /**
     * Settles every event the batch still holds (neither settled nor taken), all alike: the usual end of a
     * write that finished with every event at once. Never settles an event twice.
     *
     * @return how many events it settled
     */
    public int settleRemaining(Outcome outcome, String reason) {
        checkReason(outcome, reason);
        return settleEach(HELD, outcome, reason);
    }

    /**
     * Takes the event at {@code index} out of the batch: the writer keeps it beyond {@link SinkWriter#write}
     * and settles it later through the ticket, from any thread.
     */
    public Ticket take(int index) {
        if (!states.compareAndSet(index, HELD, TAKEN)) {
            int state = states.get(index);
            stats.settlementError(1, "event " + index + " of a batch of " + size() + " was taken after it was "
                    + (state == TAKEN ? "taken already" : "settled as " + OUTCOMES[state - SETTLED]));
        }
        return new Ticket(this, index);
    }

    /** Whether every event was settled as delivered. */
    boolean isDelivered() {
        for (int i = 0; i < events.size(); i++) {
            if (states.get(i) != SETTLED + Outcome.DELIVERED.ordinal()) {
                return false;
            }
        }
        return true;
    }

    /** Whether every event is settled. */
    boolean isSettled() {
        return unsettled.get() == 0;
    }

    /** Settles every event not settled yet, taken ones too: for a sink that stops while a writer holds them. */
    int settleOutstanding(Outcome outcome, String reason) {
        return settleEach(HELD, outcome, reason) + settleEach(TAKEN, outcome, reason);
    }

    private int settleEach(int from, Outcome outcome, String reason) {
        int target = SETTLED + outcome.ordinal();
        int settled = 0;
        for (int i = 0; i < events.size(); i++) {
            if (states.get(i) == from && states.compareAndSet(i, from, target)) {
                settled++;
            }
        }
        if (settled > 0) {
            stats.settled(outcome, settled, reason);
            countDown(settled);
        }
        return settled;
    }

    private void countDown(int settled) {
        if (unsettled.addAndGet(-settled) == 0) {
            whenSettled.accept(this);
        }
    }

    private static void checkReason(Outcome outcome, String reason) {
        if (outcome != Outcome.DELIVERED && reason == null) {
            throw new IllegalArgumentException("an event settled as " + outcome + " needs a reason");
        }
    }

    private static String describe(Outcome outcome, String reason) {
        return reason == null ? outcome.name() : outcome + " (" + reason + ")";
    }

    /** An event a writer took from its batch, to settle once it knows what became of it; from any thread. */
    public static final class Ticket {

        private final EventBatch batch;
        private final int index;

        private Ticket(EventBatch batch, int index) {
            this.batch = batch;
            this.index = index;
        }

        /** Settles the event; see {@link EventBatch#settle}. */
        public void settle(Outcome outcome, String reason) {
            batch.settle(index, outcome, reason);
        }
    }
}

package io.conntrackd.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.conntrackd.app.validate.KernelChecks;
import io.conntrackd.netlink.Sysctls;
import io.conntrackd.source.ConntrackConsumer;
import io.conntrackd.source.ConntrackEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}'s hint when nothing can arrive: the kernel tracks connections, and sends conntrack events, only in
 * a network namespace where a rule needs conntrack, so on a host without one the daemon would wait silently for
 * ever. When no event has come 10 s after the start and the namespace's conntrack table is empty, one warning
 * says so, why, and where the docs explain it; it is repeated at most hourly while that lasts, and never again
 * once an event came. Each check's decision is logged at debug.
 *
 * <p>The time comes from a clock, so that tests decide when "now" is; the checks run on a schedule of Camel's.
 */
final class NothingTrackedHint {

    static final long FIRST_CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long REPEAT_NANOS = TimeUnit.HOURS.toNanos(1);
    /** How often the schedule looks; the clock, not this, decides when a hint is due. */
    private static final long CHECK_PERIOD_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(NothingTrackedHint.class);

    /**
     * A conntrack consumer of the running routes.
     *
     * @param netns  the namespace it listens in, or {@code null} for the daemon's own
     * @param events how many events it has received so far
     */
    record Source(String netns, LongSupplier events) {
    }

    /** The number of entries in a namespace's conntrack table; empty when conntrack is not loaded. */
    @FunctionalInterface
    interface Table {
        OptionalLong entries(String netns) throws IOException;
    }

    /** What one check found for a source. */
    enum Decision { TOO_EARLY, EVENTS_CAME, TABLE_HAS_ENTRIES, HINTED, HINTED_RECENTLY, TABLE_UNREADABLE, DONE }

    private final List<Watched> sources = new ArrayList<>();
    private final Table table;
    private final LongSupplier nanoClock;
    private final Consumer<String> warn;
    private final long startNanos;

    private static final class Watched {
        final Source source;
        boolean eventsCame;
        long lastHintNanos;
        boolean hinted;

        Watched(Source source) {
            this.source = source;
        }
    }

    /**
     * @param nanoClock like {@link System#nanoTime()}; the start is when this is made
     * @param warn      where the hint goes
     */
    NothingTrackedHint(List<Source> sources, Table table, LongSupplier nanoClock, Consumer<String> warn) {
        sources.forEach(s -> this.sources.add(new Watched(s)));
        this.table = table;
        this.nanoClock = nanoClock;
        this.warn = warn;
        this.startNanos = nanoClock.getAsLong();
    }

    /**
     * Starts the checks for the conntrack consumers of {@code context}'s started routes, on a thread of Camel's
     * that stops with it, or once events came from all of them; does nothing when no route reads conntrack events.
     */
    static void start(CamelContext context) {
        List<Source> sources = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof ConntrackConsumer consumer) {
                String netns = ((ConntrackEndpoint) consumer.getEndpoint()).readerOptions().netns();
                sources.add(new Source(netns, () -> consumer.stats().reader().eventsDelivered()));
            }
        }
        if (sources.isEmpty()) {
            return;
        }
        NothingTrackedHint hint = new NothingTrackedHint(sources, NothingTrackedHint::tableEntries, System::nanoTime,
                LOG::warn);
        ExecutorServiceManager executors = context.getExecutorServiceManager();
        ScheduledExecutorService timer = executors.newSingleThreadScheduledExecutor(hint, "ConntrackdNothingTracked");
        hint.checkOn(timer, FIRST_CHECK_NANOS, () -> executors.shutdown(timer));
    }

    /**
     * Checks on {@code timer}, first after {@code firstDelayNanos}, then every minute, until events came from every
     * source; then runs {@code end}, which ends the timer: its thread would only wait for checks with nothing to say.
     */
    void checkOn(ScheduledExecutorService timer, long firstDelayNanos, Runnable end) {
        timer.scheduleWithFixedDelay(() -> {
            if (check().stream().allMatch(d -> d == Decision.DONE || d == Decision.EVENTS_CAME)) {
                end.run();
            }
        }, firstDelayNanos, TimeUnit.SECONDS.toNanos(CHECK_PERIOD_SECONDS), TimeUnit.NANOSECONDS);
    }

    private static OptionalLong tableEntries(String netns) throws IOException {
        String count = Sysctls.read(netns, List.of(KernelChecks.COUNT)).get(KernelChecks.COUNT);
        return count == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(count));
    }

    /** Looks at every source now: what was decided for each, in order. */
    List<Decision> check() {
        List<Decision> decisions = new ArrayList<>();
        for (Watched w : sources) {
            decisions.add(check(w, nanoClock.getAsLong()));
        }
        return decisions;
    }

    private Decision check(Watched w, long now) {
        if (w.eventsCame) {
            return Decision.DONE;
        }
        String where = KernelChecks.where(w.source.netns());
        long events = w.source.events().getAsLong();
        if (events > 0) {
            w.eventsCame = true;
            LOG.debug("nothing-tracked check: {} events came from {}; no hint", events, where);
            return Decision.EVENTS_CAME;
        }
        if (now - startNanos < FIRST_CHECK_NANOS) {
            return Decision.TOO_EARLY;
        }
        if (w.hinted && now - w.lastHintNanos < REPEAT_NANOS) {
            return Decision.HINTED_RECENTLY;
        }
        OptionalLong entries;
        try {
            entries = table.entries(w.source.netns());
        } catch (IOException | RuntimeException e) {
            LOG.debug("nothing-tracked check: cannot count the conntrack entries of {}: {}", where, e.toString());
            return Decision.TABLE_UNREADABLE;
        }
        if (entries.isPresent() && entries.getAsLong() > 0) {
            LOG.debug("nothing-tracked check: no event yet from {}, but {} connections are tracked there; no hint",
                    where, entries.getAsLong());
            return Decision.TABLE_HAS_ENTRIES;
        }
        warn.accept(hint(where, entries.isEmpty()));
        w.hinted = true;
        w.lastHintNanos = now;
        return Decision.HINTED;
    }

    static String hint(String where, boolean notLoaded) {
        return "no connection is tracked in " + where + ": no event has come since the start and "
                + (notLoaded ? "conntrack is not loaded in the kernel" : "its conntrack table is empty")
                + ". The kernel tracks connections, and sends events for them, only where a rule needs it (a ct"
                + " state match, NAT, a conntrack helper); see " + KernelChecks.NOTHING_TRACKED_DOCS
                + ". Said again at most hourly while this lasts";
    }
}

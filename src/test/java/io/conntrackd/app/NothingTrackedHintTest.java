package io.conntrackd.app;

import static io.conntrackd.app.NothingTrackedHint.Decision.DONE;
import static io.conntrackd.app.NothingTrackedHint.Decision.EVENTS_CAME;
import static io.conntrackd.app.NothingTrackedHint.Decision.HINTED;
import static io.conntrackd.app.NothingTrackedHint.Decision.HINTED_RECENTLY;
import static io.conntrackd.app.NothingTrackedHint.Decision.TABLE_HAS_ENTRIES;
import static io.conntrackd.app.NothingTrackedHint.Decision.TABLE_UNREADABLE;
import static io.conntrackd.app.NothingTrackedHint.Decision.TOO_EARLY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.conntrackd.testing.FakeClock;
import org.junit.jupiter.api.Test;

/** The hint's timing on a clock the test moves: nothing sleeps. NothingTrackedIT shows it with real namespaces. */
class NothingTrackedHintTest {

    /** A source that never receives an event. */
    private static final List<NothingTrackedHint.Source> QUIET = List.of(new NothingTrackedHint.Source(null, () -> 0));

    private final FakeClock clock = new FakeClock();
    private final List<String> hints = new ArrayList<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();

    private NothingTrackedHint hint(String netns) {
        return new NothingTrackedHint(List.of(new NothingTrackedHint.Source(netns, events::get)),
                ns -> OptionalLong.of(entries.get()), clock::nanoTime, hints::add);
    }

    private void advanceSeconds(long seconds) {
        clock.advance(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void anEmptyTableWithoutEventsAfterTenSecondsGetsOneHintNamingTheNamespaceAndTheDocs() {
        NothingTrackedHint hint = hint("/var/run/netns/quiet");
        advanceSeconds(9);
        assertThat(hint.check()).containsExactly(TOO_EARLY);
        advanceSeconds(1);

        assertThat(hint.check()).containsExactly(HINTED);
        assertThat(hints).singleElement().asString()
                .startsWith("no connection is tracked in network namespace /var/run/netns/quiet: no event has come")
                .contains("its conntrack table is empty", "ct state match, NAT",
                        "docs/operations.md#when-no-event-comes");
    }

    @Test
    void theHintIsRepeatedAtMostHourlyWhileNothingComes() {
        NothingTrackedHint hint = hint(null);
        advanceSeconds(10);
        assertThat(hint.check()).containsExactly(HINTED);
        advanceSeconds(3599);
        assertThat(hint.check()).containsExactly(HINTED_RECENTLY);
        advanceSeconds(1);
        assertThat(hint.check()).containsExactly(HINTED);

        assertThat(hints).hasSize(2).allSatisfy(h -> assertThat(h).contains("the daemon's network namespace"));
    }

    @Test
    void noHintOnceAnEventCameEvenIfTheTableEmptiesLater() {
        NothingTrackedHint hint = hint(null);
        events.set(3);
        advanceSeconds(10);
        assertThat(hint.check()).containsExactly(EVENTS_CAME);
        events.set(0);
        advanceSeconds(7200);
        assertThat(hint.check()).containsExactly(DONE);
        assertThat(hints).isEmpty();
    }

    @Test
    void trackedConnectionsWithoutEventsYetGetNoHintUntilTheTableIsEmpty() {
        NothingTrackedHint hint = hint(null);
        entries.set(2);
        advanceSeconds(10);
        assertThat(hint.check()).containsExactly(TABLE_HAS_ENTRIES);
        entries.set(0);
        advanceSeconds(60);
        assertThat(hint.check()).containsExactly(HINTED);
    }

    @Test
    void conntrackNotLoadedIsSaid() {
        NothingTrackedHint hint = new NothingTrackedHint(QUIET, ns -> OptionalLong.empty(),
                clock::nanoTime, hints::add);
        advanceSeconds(10);
        assertThat(hint.check()).containsExactly(HINTED);
        assertThat(hints).singleElement().asString().contains("conntrack is not loaded in the kernel");
    }

    @Test
    void aTableThatCannotBeReadGivesNoHint() {
        NothingTrackedHint hint = new NothingTrackedHint(QUIET, ns -> {
            throw new IOException("cannot enter");
        }, clock::nanoTime, hints::add);
        advanceSeconds(10);
        assertThat(hint.check()).containsExactly(TABLE_UNREADABLE);
        assertThat(hints).isEmpty();
    }

    @Test
    void theTimerEndsOnceEventsCameFromEverySource() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            events.set(1);
            hint(null).checkOn(timer, 0, timer::shutdown);

            assertThat(timer.awaitTermination(30, TimeUnit.SECONDS)).as("timer thread ended").isTrue();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void theTimerGoesOnWhileASourceMayStillNeedTheHint() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            CountDownLatch checked = new CountDownLatch(1);
            NothingTrackedHint hint = new NothingTrackedHint(List.of(new NothingTrackedHint.Source(null, () -> 5),
                    new NothingTrackedHint.Source("/var/run/netns/quiet", () -> {
                        checked.countDown();
                        return 0;
                    })), ns -> OptionalLong.of(0), clock::nanoTime, hints::add);
            hint.checkOn(timer, 0, timer::shutdown);
            assertThat(checked.await(30, TimeUnit.SECONDS)).as("first check ran").isTrue();

            // the timer's one thread runs this sentinel only after the first check has finished
            assertThat(timer.submit(() -> "after the check").get(30, TimeUnit.SECONDS)).isEqualTo("after the check");
            assertThat(timer.isShutdown()).as("timer shut down").isFalse();
        } finally {
            timer.shutdownNow();
        }
    }
}

package io.conntrackd.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WallClockTest {

    @Test
    void epochNanosIsTheInstantBetweenTwoReadingsOfTheSystemClock() {
        Instant before = Instant.now();
        long nanos = WallClock.epochNanos();
        Instant after = Instant.now();

        assertThat(Instant.ofEpochSecond(0, nanos)).isBetween(before, after);
    }
}

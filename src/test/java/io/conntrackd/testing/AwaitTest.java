package io.conntrackd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsTheFirstValueThatSatisfies() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        assertThat(Await.until("the third poll", polls::incrementAndGet, n -> n >= 3, Duration.ofSeconds(30)))
                .isEqualTo(3);
    }

    @Test
    void failsNamingWhatItAwaitedAndTheLastValue() {
        assertThatThrownBy(() -> Await.until("two entries", () -> List.of("only one"), l -> l.size() >= 2,
                Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("waited PT0.1S for two entries; last seen: 1 item(s) [only one]");
    }
}

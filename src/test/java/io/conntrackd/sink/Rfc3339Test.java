package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void writesNanosecondsWithoutTrailingZerosLikeGo() {
        assertThat(Rfc3339.format(1_764_070_511_082_791_653L, ZoneOffset.UTC.getRules()))
                .isEqualTo("2025-11-25T11:35:11.082791653Z");
        assertThat(Rfc3339.format(1_764_070_511_082_000_000L, ZoneOffset.UTC.getRules()))
                .isEqualTo("2025-11-25T11:35:11.082Z");
        assertThat(Rfc3339.format(1_764_070_511_000_000_000L, ZoneOffset.UTC.getRules()))
                .isEqualTo("2025-11-25T11:35:11Z");
    }

    @Test
    void theLocalZoneGivesTheSameTextAsItsRulesAcrossSeconds() {
        // format(long) keeps the text of the current second; it must never show a stale one
        ZoneRules local = ZoneId.systemDefault().getRules();
        long[] times = {1_764_070_511_082_791_653L, 1_764_070_511_999_999_999L, 1_764_070_512_000_000_000L,
            1_764_070_511_500_000_000L, 1_764_070_512_000_000_001L, -1L, 0L, 1_751_369_696_000_000_000L};
        for (long t : times) {
            assertThat(Rfc3339.format(t)).as("%d", t).isEqualTo(Rfc3339.format(t, local));
            assertThat(Rfc3339.append(new StringBuilder("x"), t).toString()).isEqualTo("x" + Rfc3339.format(t, local));
        }
    }

    @Test
    void writesTheLocalOffset() {
        assertThat(Rfc3339.format(1_764_070_511_082_791_653L, ZoneId.of("Europe/Berlin").getRules()))
                .isEqualTo("2025-11-25T12:35:11.082791653+01:00");
        assertThat(Rfc3339.format(1_751_369_696_000_000_000L, ZoneId.of("Europe/Berlin").getRules()))
                .isEqualTo("2025-07-01T13:34:56+02:00");
        assertThat(Rfc3339.format(0, ZoneId.of("America/St_Johns").getRules()))
                .isEqualTo("1969-12-31T20:30:00-03:30");
    }
}

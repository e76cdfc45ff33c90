package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;

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
    void writesTheLocalOffset() {
        assertThat(Rfc3339.format(1_764_070_511_082_791_653L, ZoneId.of("Europe/Berlin").getRules()))
                .isEqualTo("2025-11-25T12:35:11.082791653+01:00");
        assertThat(Rfc3339.format(1_751_369_696_000_000_000L, ZoneId.of("Europe/Berlin").getRules()))
                .isEqualTo("2025-07-01T13:34:56+02:00");
        assertThat(Rfc3339.format(0, ZoneId.of("America/St_Johns").getRules()))
                .isEqualTo("1969-12-31T20:30:00-03:30");
    }
}

package io.conntrackd.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClosestKeyTest {

    @ParameterizedTest
    @CsvSource({"'', '', 0", "abc, abc, 0", "abc, '', 3", "kitten, sitting, 3", "writr, writer, 1",
        "sink.stram.enable, sink.stream.enable, 1", "ab, ba, 2"})
    void countsEditsLikeLevenshtein(String a, String b, int expected) {
        assertThat(ClosestKey.distance(a, b)).isEqualTo(expected);
        assertThat(ClosestKey.distance(b, a)).isEqualTo(expected);
    }

    @Test
    void picksTheNearestKnownKey() {
        List<String> known = Settings.all().stream().map(Setting::key).toList();
        assertThat(ClosestKey.to("sink.loki.adress", known)).isEqualTo("sink.loki.address");
        assertThat(ClosestKey.to("loglevel", known)).isEqualTo("log.level");
        assertThat(ClosestKey.to("geoip.databse", known)).isEqualTo("geoip.database");
    }
}

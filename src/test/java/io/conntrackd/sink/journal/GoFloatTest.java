package io.conntrackd.sink.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts are what Go's fmt.Sprintf("%v", float64) prints for the same values. */
class GoFloatTest {

    @ParameterizedTest
    @CsvSource({
        "47.4906, 47.4906",
        "11.1026, 11.1026",
        "-33.8688, -33.8688",
        "12.0, 12",
        "-180.0, -180",
        "0.0, 0",
        "100.0, 100",
        "0.001, 0.001",
        "0.002, 0.002",
        "0.0005, 0.0005",
        "-999999.5, -999999.5",
        "0.0001, 0.0001",
        "-0.0001, -0.0001",
        "0.00001, 1e-05",
        "0.000123, 0.000123",
        "0.0000123, 1.23e-05",
        "123456.5, 123456.5",
        "999999.0, 999999",
        "1000000.0, 1e+06",
        "1234567.0, 1.234567e+06",
        "1.0E21, 1e+21",
        "1.0E100, 1e+100",
        "0.1, 0.1",
        "0.30000000000000004, 0.30000000000000004",
    })
    void formatsLikeGosPercentV(double value, String expected) {
        assertThat(GoFloat.format(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf", "-0.0, -0"})
    void formatsSpecialValuesLikeGo(double value, String expected) {
        assertThat(GoFloat.format(value)).isEqualTo(expected);
    }
}

package io.conntrackd.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expected texts are what Go prints for the same float64 values: fmt.Sprintf("%v", v) for
 * {@link GoFloat#format}, json.Marshal(v) (slog's JSON handler) for {@link GoFloat#json}.
 */
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
        "1.0E23, 1e+23",
    })
    void formatsLikeGosPercentV(double value, String expected) {
        assertThat(GoFloat.format(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf", "-0.0, -0"})
    void formatsSpecialValuesLikeGo(double value, String expected) {
        assertThat(GoFloat.format(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "51.0, 51",
        "-180.0, -180",
        "47.4906, 47.4906",
        "-33.8678, -33.8678",
        "0.0, 0",
        "-0.0, -0",
        "0.0001, 0.0001",
        "-0.0001, -0.0001",
        "0.00001, 0.00001",
        "0.000001, 0.000001",
        "0.0000001, 1e-7",
        "1.5E-10, 1.5e-10",
        "1234567.0, 1234567",
        "1.0E20, 100000000000000000000",
        "1.0E21, 1e+21",
        "1.0E23, 1e+23",
        "0.30000000000000004, 0.30000000000000004",
    })
    void writesJsonNumbersLikeGosEncoder(double value, String expected) {
        assertThat(GoFloat.json(value)).isEqualTo(expected);
    }
}

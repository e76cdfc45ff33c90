package io.conntrackd.sink.journal;

import java.math.BigDecimal;

/**
 * A float64 as Go's {@code fmt} prints it with {@code %v}, which is how the original's journal sink
 * turned coordinates into field text: the shortest digits that read back as the same number, no
 * trailing zeros ({@code 12}, not {@code 12.0}), and exponent form ({@code 1e-05}, {@code 1.5e+06})
 * when the decimal exponent is below -4 or at least 6. The digits come from {@link Double#toString},
 * which is the shortest form from Java 19 on; Java 17 adds a digit for a few values, none of them
 * with the four decimals that GeoIP coordinates have.
 */
final class GoFloat {

    private GoFloat() {
    }

    /** The text of a finite {@code value}; NaN and infinities as Go writes them. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
        }
        String text = Double.toString(value);
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e6) {
            return withoutTrailingZeros(text); // both write plain decimals here: the common, fast case
        }
        BigDecimal d = new BigDecimal(text).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            return exponentForm(d, exponent);
        }
        return d.toPlainString();
    }

    /** {@code 12.0} as {@code 12}, {@code 0.0020} as {@code 0.002}. */
    private static String withoutTrailingZeros(String plain) {
        int end = plain.length();
        while (plain.charAt(end - 1) == '0') {
            end--;
        }
        if (plain.charAt(end - 1) == '.') {
            end--;
        }
        return plain.substring(0, end);
    }

    /** {@code -d.ddde±XX}: Go writes at least two exponent digits. */
    private static String exponentForm(BigDecimal d, int exponent) {
        String digits = d.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder(digits.length() + 7);
        if (d.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }
}

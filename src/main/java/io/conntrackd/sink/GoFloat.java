package io.conntrackd.sink;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;

/**
 * A float64 as the original printed it, so that coordinates read the same in every sink: {@code 51}
 * not {@code 51.0}, {@code 0.0001} not {@code 1.0E-4}. Go has two forms:
 * <ul>
 * <li>{@link #json}: {@code encoding/json}, which slog's JSON handler and the syslog handler use:
 *     plain decimals from 1e-6 up to 1e21, exponent form ({@code 1e-7}, {@code 1e+21}) outside;</li>
 * <li>{@link #format}: {@code fmt}'s {@code %v}, the text of a field (the original's journal, Loki's
 *     metadata): exponent form ({@code 1e-05}, {@code 1.5e+06}) when the decimal exponent is below -4
 *     or at least 6.</li>
 * </ul>
 * Both use the shortest digits that read back as the same number, as Go does. Jackson's Schubfach
 * conversion finds them (Java 17's {@link Double#toString} adds a digit for a few values).
 */
public final class GoFloat {

    private GoFloat() {
    }

    /** The text of {@code value} as Go's {@code fmt} prints it with {@code %v}. */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }
        Decimal d = Decimal.of(value);
        int exponent = d.point - 1;
        return d.isZero() || (exponent >= -4 && exponent < 6) ? d.plain() : d.exponential(2);
    }

    /**
     * The JSON number of a finite {@code value} as Go's {@code encoding/json} writes it. NaN and the
     * infinities have no JSON form; they are returned as {@link #format} writes them.
     */
    public static String json(double value) {
        if (!Double.isFinite(value)) {
            return format(value);
        }
        double magnitude = Math.abs(value);
        Decimal d = Decimal.of(value);
        return magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21) ? d.plain() : d.exponential(1);
    }

    /**
     * A value as {@code 0.DIGITS × 10^point}, its digits without leading or trailing zeros, as Go's
     * strconv keeps it ({@code digs.d}, {@code digs.dp}).
     */
    private record Decimal(boolean negative, String digits, int point) {

        static Decimal of(double value) {
            boolean negative = Double.doubleToRawLongBits(value) < 0;
            String text = DoubleToDecimal.toString(Math.abs(value)); // "51.0", "1.0E-4", "1.2345E10"
            int e = text.indexOf('E');
            String mantissa = e < 0 ? text : text.substring(0, e);
            int dot = mantissa.indexOf('.');
            String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            int point = dot + (e < 0 ? 0 : Integer.parseInt(text.substring(e + 1)));
            int first = 0;
            while (first < digits.length() && digits.charAt(first) == '0') {
                first++;
            }
            int end = digits.length();
            while (end > first && digits.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(negative, digits.substring(first, end), first == end ? 0 : point - first);
        }

        boolean isZero() {
            return digits.isEmpty();
        }

        /** {@code -ddd.ddd}, with no exponent and no trailing zeros (strconv's %f with the shortest digits). */
        String plain() {
            StringBuilder sb = new StringBuilder(digits.length() + 8);
            if (negative) {
                sb.append('-');
            }
            if (point <= 0) {
                sb.append('0');
            } else {
                for (int i = 0; i < point; i++) {
                    sb.append(i < digits.length() ? digits.charAt(i) : '0');
                }
            }
            int fraction = digits.length() - point;
            if (fraction > 0) {
                sb.append('.');
                for (int i = point; i < digits.length(); i++) {
                    sb.append(i < 0 ? '0' : digits.charAt(i));
                }
            }
            return sb.toString();
        }

        /** {@code -d.ddde±XX} with at least {@code exponentDigits} exponent digits. */
        String exponential(int exponentDigits) {
            StringBuilder sb = new StringBuilder(digits.length() + 8);
            if (negative) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exponent = point - 1;
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10 && exponentDigits == 2) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
    }
}

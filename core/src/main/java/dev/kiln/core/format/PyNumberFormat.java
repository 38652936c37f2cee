package dev.kiln.core.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code "{:.Nf}"} and {@code "{:.Ne}"} formatting of doubles: correctly rounded
 * (round-half-even on the exact binary value), the sign kept on negative zero, {@code nan}
 * without a sign, {@code inf}/{@code -inf}, and at least two exponent digits.
 */
final class PyNumberFormat {
    private PyNumberFormat() {}

    /** {@code "{:.<digits>f}".format(v)}. */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String body = new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return negative(v) ? "-" + body : body;
    }

    /** {@code "{:.<digits>e}".format(v)}. */
    static String scientific(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String sign = negative(v) ? "-" : "";
        double a = Math.abs(v);
        StringBuilder mantissa = new StringBuilder();
        int exponent;
        if (a == 0) {
            mantissa.append('0');
            exponent = 0;
        } else {
            BigDecimal rounded = new BigDecimal(a).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
            String unscaled = rounded.unscaledValue().toString();
            exponent = unscaled.length() - 1 - rounded.scale();
            mantissa.append(unscaled, 0, Math.min(unscaled.length(), digits + 1));
        }
        while (mantissa.length() < digits + 1) mantissa.append('0');
        StringBuilder out = new StringBuilder(sign).append(mantissa.charAt(0));
        if (digits > 0) out.append('.').append(mantissa, 1, digits + 1);
        out.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) out.append('0');
        return out.append(e).toString();
    }

    private static boolean negative(double v) {
        return v < 0 || (v == 0 && Double.doubleToRawLongBits(v) != 0);
    }
}

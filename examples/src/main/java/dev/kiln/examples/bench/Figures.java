package dev.kiln.examples.bench;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Where the figures go: one line each, {@code <figure> <backend> <value> <unit>}, the value as Python's {@code :.4g}. */
public final class Figures {
    private final PrintWriter out;
    private final String backend;

    /** Figures of {@code backend} printed to {@code out}. */
    public Figures(PrintWriter out, String backend) {
        this.out = out;
        this.backend = backend;
    }

    /** Prints one figure and flushes, so a reader sees each line as soon as it is measured. */
    public void put(String figure, double value, String unit) {
        out.println(figure + " " + backend + " " + g4(value) + " " + unit);
        out.flush();
    }

    /**
     * {@code value} formatted as Python's {@code f"{value:.4g}"}: 4 significant digits, trailing zeros dropped,
     * scientific notation ({@code 1.235e+04}) when the exponent is below -4 or at least 4.
     */
    public static String g4(double value) {
        if (Double.isNaN(value)) return "nan";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return (1 / value < 0) ? "-0" : "0";
        BigDecimal r = new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        if (exp < -4 || exp >= 4) {
            BigDecimal mantissa = r.movePointLeft(exp).stripTrailingZeros();
            String m = mantissa.scale() <= 0 ? mantissa.setScale(0).toPlainString() : mantissa.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        BigDecimal plain = r.stripTrailingZeros();
        if (plain.scale() < 0) plain = plain.setScale(0);
        return plain.toPlainString();
    }
}

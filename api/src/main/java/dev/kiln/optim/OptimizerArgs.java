package dev.kiln.optim;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an {@link OptimizerFactory}'s keyword arguments (as parsed from JSON: {@link Number},
 * {@link Boolean}, {@link String}, {@link List}, {@link Map}) with messages that name the optimizer,
 * the argument and what is valid: {@code SGD: unknown argument 'momentun'; valid arguments: dampening, lr, ...}.
 * Also formats numbers as Python prints them, so validation messages read as PyTorch's.
 */
public final class OptimizerArgs {
    private final String optimizer;
    private final Map<String, Object> args;

    private OptimizerArgs(String optimizer, Map<String, Object> args) {
        this.optimizer = optimizer;
        this.args = args;
    }

    /**
     * Checks that every key of {@code args} is one of {@code valid}; a null map means no arguments.
     *
     * @throws IllegalArgumentException naming the first unknown argument and the valid ones
     */
    public static OptimizerArgs of(String optimizer, Map<String, Object> args, Set<String> valid) {
        Map<String, Object> a = args == null ? Map.of() : args;
        for (String key : a.keySet()) {
            if (!valid.contains(key)) {
                throw new IllegalArgumentException(optimizer + ": unknown argument '" + key + "'; valid arguments: "
                        + String.join(", ", new TreeSet<>(valid)));
            }
        }
        return new OptimizerArgs(optimizer, a);
    }

    /** True when the argument was given. */
    public boolean has(String name) { return args.containsKey(name); }

    /** A number argument, or {@code fallback} when absent. */
    public double number(String name, double fallback) {
        Object v = args.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw bad(name, v, "a number");
    }

    /** A boolean argument, or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        Object v = args.get(name);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw bad(name, v, "true or false");
    }

    /** A list of exactly {@code n} numbers (a Python tuple such as {@code betas}), or {@code fallback} when absent. */
    public double[] numbers(String name, int n, double[] fallback) {
        Object v = args.get(name);
        if (v == null) return fallback.clone();
        if (v instanceof List<?> l && l.size() == n && l.stream().allMatch(o -> o instanceof Number)) {
            return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        }
        throw bad(name, v, "a list of " + n + " numbers");
    }

    /**
     * Runs a setter with the argument's value, rewording its {@link IllegalArgumentException} so that it
     * names the argument: {@code SGD: argument 'lr': Invalid learning rate: -1.0}.
     */
    public void apply(String name, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String prefix = optimizer + ": ";
            if (msg != null && msg.startsWith(prefix)) msg = msg.substring(prefix.length());
            throw new IllegalArgumentException(prefix + "argument '" + name + "': " + msg, e);
        }
    }

    private IllegalArgumentException bad(String name, Object v, String expected) {
        return new IllegalArgumentException(optimizer + ": argument '" + name + "' must be " + expected + ", got "
                + ParamGroup.describe(v));
    }

    /**
     * {@code repr(x)} of a Python float: {@code -1.0}, {@code 0.001}, {@code 1e-08}, {@code 1e+16},
     * {@code nan}, {@code inf}; used so that messages read as PyTorch's ({@code Invalid learning rate: -1.0}).
     */
    public static String pyRepr(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return (1 / x < 0) ? "-0.0" : "0.0";
        String sign = x < 0 ? "-" : "";
        // Double.toString gives the shortest digits that round-trip, as Python's repr
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(x))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        if (exp >= -4 && exp < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.valueOf(Math.abs(exp));
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}

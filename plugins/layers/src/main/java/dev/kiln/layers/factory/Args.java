package dev.kiln.layers.factory;

import dev.kiln.nn.F;
import dev.kiln.nn.Loss;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A layer's keyword arguments as parsed from JSON, read with checks: an unknown, missing or mistyped
 * argument fails naming the layer, the argument and what is valid.
 */
final class Args {
    private final String layer;
    private final Map<String, Object> args;
    private final List<String> valid;

    /** Checks that every given name is one of {@code valid}. */
    Args(String layer, Map<String, Object> args, String... valid) {
        this.layer = layer;
        this.args = args == null ? Map.of() : args;
        this.valid = List.of(valid);
        Set<String> unknown = new TreeSet<>();
        for (Object k : this.args.keySet()) if (!this.valid.contains(String.valueOf(k))) unknown.add(String.valueOf(k));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(layer + ": unknown argument" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList()) + "; valid arguments are "
                    + (valid.length == 0 ? "none" : String.join(", ", valid)));
        }
    }

    private IllegalArgumentException bad(String name, String expected, Object value) {
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new IllegalArgumentException(layer + ": argument '" + name + "' must be " + expected + ", got " + shown
                + (value == null ? "" : " (" + jsonType(value) + ")"));
    }

    /** The JSON-side name of a value's type, for messages. */
    private static String jsonType(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return "an int";
        if (v instanceof Number) return "a float";
        if (v instanceof String) return "a string";
        if (v instanceof Boolean) return "a boolean";
        if (v instanceof List<?>) return "a list";
        if (v instanceof Map<?, ?>) return "an object";
        return v.getClass().getSimpleName();
    }

    /** A required int. */
    int requiredInt(String name) {
        if (!args.containsKey(name)) throw new IllegalArgumentException(layer + ": missing required argument '" + name + "' (an int)");
        return toInt(name, args.get(name), "an int");
    }

    /** An int, {@code dflt} when absent. */
    int intArg(String name, int dflt) { return args.containsKey(name) ? toInt(name, args.get(name), "an int") : dflt; }

    private int toInt(String name, Object v, String expected) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long l = ((Number) v).longValue();
            if (l == (int) l) return (int) l;
        } else if (v instanceof Number n) {
            // JSON parsers may hand 5.0 for 5: accept integral values only
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
        }
        throw bad(name, expected, v);
    }

    /** An int or a list of two ints (PyTorch's {@code _pair}); {@code dflt} when absent. */
    int[] pair(String name, int[] dflt) {
        if (!args.containsKey(name)) return dflt == null ? null : dflt.clone();
        return toPair(name, args.get(name));
    }

    /** A required int or list of two ints. */
    int[] requiredPair(String name) {
        if (!args.containsKey(name)) {
            throw new IllegalArgumentException(layer + ": missing required argument '" + name + "' (an int or a list of 2 ints)");
        }
        return toPair(name, args.get(name));
    }

    private int[] toPair(String name, Object v) {
        String expected = "an int or a list of 2 ints";
        if (v instanceof List<?> l) {
            if (l.size() != 2) throw bad(name, expected, v);
            return new int[] {toInt(name, l.get(0), expected), toInt(name, l.get(1), expected)};
        }
        if (v instanceof Number) {
            int i = toInt(name, v, expected);
            return new int[] {i, i};
        }
        throw bad(name, expected, v);
    }

    /** A square size: an int, or a list of two equal ints; {@code dflt} (may be null) when absent or null. */
    Integer square(String name, Integer dflt) {
        if (!args.containsKey(name) || args.get(name) == null) return dflt;
        int[] p = toPair(name, args.get(name));
        if (p[0] != p[1]) throw bad(name, "an int or a list of 2 equal ints (only square windows are supported)", args.get(name));
        return p[0];
    }

    /** A boolean, {@code dflt} when absent. */
    boolean bool(String name, boolean dflt) {
        if (!args.containsKey(name)) return dflt;
        if (args.get(name) instanceof Boolean b) return b;
        throw bad(name, "a boolean (true or false)", args.get(name));
    }

    /** A number, {@code dflt} when absent. */
    double number(String name, double dflt) {
        if (!args.containsKey(name)) return dflt;
        if (args.get(name) instanceof Number n) return n.doubleValue();
        throw bad(name, "a number", args.get(name));
    }

    /** Whether the argument is given as a string. */
    boolean isString(String name) { return args.get(name) instanceof String; }

    /** A string, {@code dflt} when absent. */
    String string(String name, String dflt) {
        if (!args.containsKey(name)) return dflt;
        if (args.get(name) instanceof String s) return s;
        throw bad(name, "a string", args.get(name));
    }

    /** {@code reduction}: {@code "mean"} (default), {@code "sum"} or {@code "none"}. */
    F.Reduction reduction() {
        String r = string("reduction", "mean");
        try {
            return Loss.parseReduction(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": argument 'reduction' must be one of 'none', 'mean', 'sum', got '" + r + "'", e);
        }
    }

    /** Refuses any value but PyTorch's default for an argument Kiln accepts only at its default. */
    void onlyDefault(String name, Object dflt) {
        if (!args.containsKey(name)) return;
        Object v = args.get(name);
        boolean same = v instanceof Number n && dflt instanceof Number d ? n.doubleValue() == d.doubleValue()
                : v instanceof List<?> l && dflt instanceof Number d ? l.stream().allMatch(x -> x instanceof Number n && n.doubleValue() == d.doubleValue())
                : java.util.Objects.equals(v, dflt);
        if (!same) {
            throw new IllegalArgumentException(layer + ": argument '" + name + "' = " + (v instanceof String s ? "'" + s + "'" : v)
                    + " is not supported (only " + (dflt instanceof String s ? "'" + s + "'" : dflt) + ", PyTorch's default)");
        }
    }
}

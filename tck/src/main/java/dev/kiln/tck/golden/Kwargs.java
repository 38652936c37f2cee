package dev.kiln.tck.golden;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The non-tensor arguments of a golden case, by PyTorch's keyword names. Values are
 * {@link Long} (JSON integers), {@link Double}, {@link Boolean}, {@link String}, {@code null} or
 * {@link List} of those. Typed accessors fail with a message naming the op and the kwarg.
 */
public final class Kwargs {
    private final Map<String, Object> values;

    /** Wraps a map of JSON-like values (copied). */
    public Kwargs(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No kwargs. */
    public static Kwargs empty() { return new Kwargs(Map.of()); }

    /** Names present. */
    public Set<String> names() { return values.keySet(); }

    /** True when the kwarg is present and not null. */
    public boolean has(String name) { return values.get(name) != null; }

    /** The raw value, or null. */
    public Object raw(String name) { return values.get(name); }

    /** Fails unless every kwarg present is one of {@code known}. */
    public void allowOnly(String op, String... known) {
        List<String> allowed = List.of(known);
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(op + ": unsupported kwarg '" + name + "'"
                        + (allowed.isEmpty() ? " (takes none)" : " (supported: " + String.join(", ", allowed) + ")"));
            }
        }
    }

    /** A required integer. */
    public int intValue(String op, String name) {
        if (!has(name)) throw new IllegalArgumentException(op + ": missing kwarg '" + name + "'");
        return toInt(op, name, values.get(name));
    }

    /** An integer, or {@code dflt} when absent or null. */
    public int intValue(String op, String name, int dflt) {
        return has(name) ? toInt(op, name, values.get(name)) : dflt;
    }

    /** A required number. */
    public double number(String op, String name) {
        Object v = values.get(name);
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(op + ": kwarg '" + name + "' must be a number, got " + v);
    }

    /** True when the kwarg is present and a number. */
    public boolean isNumber(String name) { return values.get(name) instanceof Number; }

    /** A boolean, or {@code dflt} when absent. */
    public boolean bool(String op, String name, boolean dflt) {
        Object v = values.get(name);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(op + ": kwarg '" + name + "' must be true or false, got " + v);
    }

    /** A string, or {@code dflt} when absent. */
    public String string(String op, String name, String dflt) {
        Object v = values.get(name);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(op + ": kwarg '" + name + "' must be a string, got " + v);
    }

    /** An integer list; a single integer counts as a list of one. */
    public int[] intList(String op, String name) {
        Object v = values.get(name);
        if (v instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) out[i] = toInt(op, name, list.get(i));
            return out;
        }
        return new int[] {intValue(op, name)};
    }

    /** True when the kwarg is a list. */
    public boolean isList(String name) { return values.get(name) instanceof List<?>; }

    private static int toInt(String op, String name, Object v) {
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
        if (v instanceof Integer i) return i;
        throw new IllegalArgumentException(op + ": kwarg '" + name + "' must be an integer, got " + v);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return "{" + String.join(", ", parts) + "}";
    }
}

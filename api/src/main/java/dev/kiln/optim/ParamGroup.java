package dev.kiln.optim;

import dev.kiln.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of an optimizer's {@code param_groups}: a list of parameters and the hyperparameters that
 * apply to them ({@code lr}, {@code momentum}, {@code betas}...), as a dict in {@code torch.optim}.
 *
 * <p>Options are stored as JSON-like values: {@link Double} for numbers, {@link Boolean} for flags and
 * an immutable {@code List<Double>} for tuples ({@code betas}). An option given explicitly (here, through
 * {@link #set}) wins over the optimizer's default; an option left out follows the default, even when
 * the default is changed later with a fluent setter ({@code new SGD(params, 0.1).momentum(0.9)}).
 *
 * <pre>{@code
 * var opt = new SGD(net.features.parameters(), 1e-2).momentum(0.9);
 * opt.addParamGroup(ParamGroup.of(net.classifier.parameters()).set("lr", 1e-3));
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();
    private final Set<String> explicit = new HashSet<>();

    private ParamGroup(List<Tensor> params) {
        this.params = params;
    }

    /** A group of these parameters with no explicit option (every option takes the optimizer's default). */
    public static ParamGroup of(Iterable<? extends Tensor> params) {
        if (params == null) throw new NullPointerException("ParamGroup: params is null");
        List<Tensor> list = new ArrayList<>();
        for (Tensor p : params) {
            if (p == null) throw new NullPointerException("ParamGroup: parameter " + list.size() + " is null");
            list.add(p);
        }
        return new ParamGroup(Collections.unmodifiableList(list));
    }

    /** The parameters, in order (read-only). */
    public List<Tensor> params() { return params; }

    /** The options (read-only view), in the order the optimizer declares them. */
    public Map<String, Object> options() { return Collections.unmodifiableMap(options); }

    /** True when the option has a value in this group. */
    public boolean has(String key) { return options.containsKey(key); }

    /** The option's value, or null when absent. */
    public Object get(String key) { return options.get(key); }

    /**
     * Sets an option explicitly (it then no longer follows the optimizer's default); returns this group.
     * Numbers are stored as {@link Double}, lists of numbers as an immutable {@code List<Double>}.
     * The optimizer validates the value when the group is added and at each {@code step()}.
     */
    public ParamGroup set(String key, Object value) {
        options.put(key, normalize(key, value));
        explicit.add(key);
        return this;
    }

    /** The learning rate ({@code group["lr"]}). */
    public double lr() { return getDouble("lr"); }

    /** Sets the learning rate ({@code group["lr"] = lr}), as a learning-rate schedule does; returns this group. */
    public ParamGroup lr(double lr) { return set("lr", lr); }

    /** A numeric option; fails ({@link IllegalArgumentException}) naming the option when it is absent or not a number. */
    public double getDouble(String key) {
        Object v = options.get(key);
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException("param group option '" + key + "' is " + describe(v) + ", expected a number");
    }

    /** A boolean option; fails naming the option when it is absent or not a boolean. */
    public boolean getBoolean(String key) {
        Object v = options.get(key);
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("param group option '" + key + "' is " + describe(v) + ", expected a boolean");
    }

    /** A tuple option such as {@code betas}; fails naming the option when it is not a list of numbers. */
    public double[] getDoubles(String key) {
        Object v = options.get(key);
        if (v instanceof List<?> l && l.stream().allMatch(o -> o instanceof Number)) {
            return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        }
        throw new IllegalArgumentException("param group option '" + key + "' is " + describe(v) + ", expected a list of numbers");
    }

    /** Sets an option that follows the optimizer's default (not explicit). */
    void putDefault(String key, Object value) {
        if (!explicit.contains(key)) options.put(key, normalize(key, value));
    }

    /** True when the option was set explicitly on this group. */
    boolean isExplicit(String key) { return explicit.contains(key); }

    /** A copy holding the same parameters with these options, all explicit. */
    ParamGroup withOptions(Map<String, Object> newOptions) {
        ParamGroup g = new ParamGroup(params);
        newOptions.forEach(g::set);
        return g;
    }

    static Object normalize(String key, Object value) {
        if (value == null) throw new NullPointerException("param group option '" + key + "' is null");
        if (value instanceof Number n) return n.doubleValue();
        if (value instanceof double[] a) {
            List<Double> l = new ArrayList<>();
            for (double d : a) l.add(d);
            return List.copyOf(l);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(o instanceof Number n ? (Object) n.doubleValue() : o);
            return List.copyOf(out);
        }
        return value;
    }

    static String describe(Object v) {
        if (v == null) return "absent";
        if (v instanceof String s) return "the string \"" + s + "\"";
        if (v instanceof Number || v instanceof Boolean) return "the " + v.getClass().getSimpleName().toLowerCase() + " " + v;
        if (v instanceof List<?>) return "the list " + v;
        if (v instanceof Map<?, ?>) return "the map " + v;
        return "a " + v.getClass().getName() + " (" + v + ")";
    }

    @Override
    public String toString() {
        return "ParamGroup" + options + " (" + params.size() + " parameters)";
    }
}

package dev.kiln.optim;

import dev.kiln.Kiln;
import dev.kiln.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The base of every optimizer ({@code torch.optim.Optimizer}): parameter groups with their own
 * hyperparameters, per-parameter state, {@link #zeroGrad()}, {@link #step()} and a state dict.
 *
 * <pre>{@code
 * var opt = new SGD(net.parameters(), 1e-3).momentum(0.9);
 * for (var batch : loader) {
 *     opt.zeroGrad();
 *     lossFn.forward(net.forward(batch.input()), batch.target()).backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>Subclasses declare their hyperparameters as defaults (in PyTorch's order), validate one group's
 * options in {@link #checkGroup}, keep per-parameter state in {@link #state(Tensor)} under PyTorch's names
 * ({@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq}, {@code square_avg},
 * {@code grad_avg}, {@code step} as a {@link Long}) and implement {@link #step()}. Subclasses in a plugin jar
 * live in another class loader: use only public and protected members of this class.
 */
public abstract class Optimizer {
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final List<ParamGroup> paramGroups = new ArrayList<>();
    private Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();

    /**
     * An optimizer over one group of {@code params} with these defaults (option name to value, in the
     * order {@code param_groups} lists them).
     *
     * @throws IllegalArgumentException for an empty parameter list, a non-leaf tensor, a repeated tensor
     *                                  or invalid defaults
     */
    protected Optimizer(Iterable<? extends Tensor> params, Map<String, Object> defaults) {
        if (params == null) throw new NullPointerException(name() + ": params is null");
        defaults.forEach((k, v) -> this.defaults.put(k, ParamGroup.normalize(k, v)));
        ParamGroup first = ParamGroup.of(params);
        if (first.params().isEmpty()) throw new IllegalArgumentException(name() + ": optimizer got an empty parameter list");
        addParamGroup(first);
    }

    /** The optimizer's name in messages ({@code "SGD"}); the simple class name. */
    protected String name() { return getClass().getSimpleName(); }

    // ---- parameter groups ----

    /**
     * Adds a group ({@code add_param_group}); options it does not set take this optimizer's defaults.
     *
     * @throws IllegalArgumentException for an option this optimizer does not have, an invalid value, a
     *                                  non-leaf tensor, or a tensor already in a group (nothing is added)
     */
    public Optimizer addParamGroup(ParamGroup group) {
        for (String key : group.options().keySet()) {
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException(name() + ": parameter group option '" + key + "' is not a "
                        + name() + " hyperparameter; valid: " + String.join(", ", defaults.keySet()));
            }
        }
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup g : paramGroups) for (Tensor p : g.params()) seen.put(p, true);
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) throw new IllegalArgumentException(name() + ": can't optimize a non-leaf Tensor");
            if (seen.put(p, true) != null) {
                throw new IllegalArgumentException(name() + ": some parameters appear in more than one parameter group");
            }
        }
        defaults.forEach(group::putDefault);
        checkGroup(group);
        paramGroups.add(group);
        return this;
    }

    /** The parameter groups, in order (read-only list; a group's options can be changed with {@link ParamGroup#set}). */
    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(paramGroups); }

    /** The defaults new groups take (read-only). */
    public Map<String, Object> defaults() { return Collections.unmodifiableMap(defaults); }

    /**
     * Changes a default and, in every group that did not set the option explicitly, the option itself;
     * this is how fluent setters ({@code .momentum(0.9)}) work. The caller validates the value first.
     */
    protected void setDefault(String key, Object value) {
        if (!defaults.containsKey(key)) throw new IllegalArgumentException(name() + ": no hyperparameter '" + key + "'");
        defaults.put(key, ParamGroup.normalize(key, value));
        for (ParamGroup g : paramGroups) g.putDefault(key, value);
    }

    /**
     * Validates one group's options with PyTorch's messages, prefixed by the optimizer's name
     * ({@code SGD: Invalid learning rate: -1.0}). Called when a group is added or loaded, and before each step
     * (cross-option rules such as nesterov's are checked there, so fluent setters may come in any order).
     */
    protected abstract void checkGroup(ParamGroup group);

    /**
     * Checks every group's hyperparameters now, including rules across options (nesterov needs momentum);
     * {@link #step()} does it too. Factories call it so that a bad configuration fails before training.
     *
     * @throws IllegalArgumentException naming the optimizer and the invalid value, as PyTorch's message
     */
    public void validate() {
        for (ParamGroup g : paramGroups) checkGroup(g);
    }

    // ---- gradients and steps ----

    /** {@link #zeroGrad(boolean) zeroGrad(true)}: clears the gradients (PyTorch 2's default, {@code set_to_none=True}). */
    public void zeroGrad() { zeroGrad(true); }

    /**
     * Resets the gradients of every parameter ({@code zero_grad}). With {@code setToNone} the gradient is
     * cleared ({@code grad()} becomes null, no memory is written and the next backward allocates a fresh
     * one); otherwise it is detached and filled with zeros in place.
     */
    public void zeroGrad(boolean setToNone) {
        try (var off = Kiln.noGrad()) {
            for (ParamGroup g : paramGroups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    if (setToNone) {
                        p.setGrad(null);
                    } else {
                        if (grad.gradFn() != null || grad.requiresGrad()) {
                            grad = grad.detach();
                            p.setGrad(grad);
                        }
                        grad.zero_();
                    }
                }
            }
        }
    }

    /** Performs one optimization step over every parameter that has a gradient; parameters without one are skipped. */
    public abstract void step();

    /**
     * Re-evaluates the model with {@code closure} (which zeroes the gradients, computes the loss and calls
     * backward), then steps; returns the closure's loss, as {@code step(closure)}.
     */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var on = Kiln.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /** The state of one parameter (created empty on first use), keyed by PyTorch's names. */
    protected Map<String, Object> state(Tensor param) {
        return state.computeIfAbsent(param, k -> new LinkedHashMap<>());
    }

    /**
     * A zero tensor with the parameter's shape, dtype and backend (a copy of it, zeroed: unlike
     * {@code Tensor.zerosLike}, which takes the runtime's backend for the device, it stays on the
     * parameter's own backend); for state buffers. Call it with grad mode off.
     */
    protected static Tensor zerosLikeParam(Tensor param) {
        return param.detach().clone().zero_();
    }

    /** The step counter kept in a parameter's state under {@code "step"}, 0 before the first step. */
    protected static long stepCount(Map<String, Object> paramState) {
        Object s = paramState.get("step");
        return s == null ? 0 : ((Number) s).longValue();
    }

    /**
     * Checks one parameter's state as loaded by {@link #loadStateDict} (after the generic checks: tensors
     * of the parameter's shape, a non-negative {@code step}); the default accepts anything. Subclasses
     * call {@link #requireStateKeys} so that a state dict of another optimizer fails at load, not at the next step.
     *
     * @throws IllegalArgumentException when the state does not belong to this optimizer
     */
    protected void checkParamState(Map<String, Object> paramState) {}

    /**
     * Fails unless every key of {@code paramState} is in {@code allowed} and, when it is not empty, every
     * key of {@code required} is present.
     */
    protected void requireStateKeys(Map<String, Object> paramState, java.util.Set<String> allowed,
                                    java.util.Set<String> required) {
        for (String key : paramState.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("state '" + key + "' is not " + name() + " state; valid: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        if (paramState.isEmpty()) return;
        for (String key : required) {
            if (!paramState.containsKey(key)) throw new IllegalArgumentException("state lacks '" + key + "'");
        }
    }

    /** Fails naming the group when {@code ok} is false: {@code SGD: <message>}. */
    protected void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(name() + ": " + message);
    }

    /**
     * PyTorch's print of an optimizer: the class name, then each group's options sorted by name
     * ({@code SGD (\nParameter Group 0\n    dampening: 0.0\n    lr: 0.1\n ...)}). Numbers print as Python
     * floats, flags as {@code True}/{@code False}, tuples as {@code (0.9, 0.999)}; Kiln's groups have no
     * {@code differentiable}, {@code foreach} or {@code maximize} options, so those lines are absent.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name()).append(" (");
        for (int i = 0; i < paramGroups.size(); i++) {
            sb.append("\nParameter Group ").append(i).append('\n');
            new java.util.TreeMap<>(paramGroups.get(i).options()).forEach((k, v) ->
                    sb.append("    ").append(k).append(": ").append(pyStr(v)).append('\n'));
        }
        return sb.append(')').toString();
    }

    private static String pyStr(Object v) {
        if (v instanceof Double d) return OptimizerArgs.pyRepr(d);
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(pyStr(o));
            return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
        }
        return String.valueOf(v);
    }

    // ---- state dict ----

    /**
     * The optimizer's state as {@code torch.optim.Optimizer.state_dict()}: a map with {@code "state"}
     * (parameter index to that parameter's state map, for parameters that have state) and
     * {@code "param_groups"} (a list of option maps, each with {@code "params"}: the indices of its
     * parameters). Indices count the parameters of all groups in order from 0. The maps are fresh; the
     * state tensors are the live ones (as in PyTorch): clone them to keep a snapshot.
     */
    public Map<String, Object> stateDict() {
        Map<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
        List<Map<String, Object>> groups = new ArrayList<>();
        int index = 0;
        for (ParamGroup g : paramGroups) {
            Map<String, Object> packed = new LinkedHashMap<>(g.options());
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                Map<String, Object> s = state.get(p);
                if (s != null) packedState.put(index, new LinkedHashMap<>(s));
                ids.add(index++);
            }
            packed.put("params", ids);
            groups.add(packed);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", packedState);
        out.put("param_groups", groups);
        return out;
    }

    /**
     * Restores a state made by {@link #stateDict()} (of an optimizer of the same kind over parameters of the
     * same shapes, in the same groups): each group's options and each parameter's state. State tensors are
     * copied, cast to the parameter's dtype and moved to its device. Everything is validated first: a state
     * dict that does not fit changes nothing and says why.
     *
     * @throws IllegalArgumentException when the dict does not fit this optimizer
     */
    public void loadStateDict(Map<String, Object> stateDict) {
        String where = name() + ".loadStateDict: ";
        if (stateDict == null) throw new NullPointerException(where + "state dict is null");
        if (!(stateDict.get("param_groups") instanceof List<?> savedGroups)) {
            throw new IllegalArgumentException(where + "the state dict has no 'param_groups' list");
        }
        Object rawState = stateDict.getOrDefault("state", Map.of());
        if (!(rawState instanceof Map<?, ?> savedState)) {
            throw new IllegalArgumentException(where + "'state' is " + ParamGroup.describe(rawState) + ", expected a map");
        }
        if (savedGroups.size() != paramGroups.size()) {
            throw new IllegalArgumentException(where + "loaded state dict has a different number of parameter groups ("
                    + savedGroups.size() + " instead of " + paramGroups.size() + ")");
        }
        // saved index -> parameter, and the new groups, validated before anything changes
        Map<Long, Tensor> byIndex = new LinkedHashMap<>();
        List<ParamGroup> newGroups = new ArrayList<>();
        for (int gi = 0; gi < savedGroups.size(); gi++) {
            ParamGroup current = paramGroups.get(gi);
            if (!(savedGroups.get(gi) instanceof Map<?, ?> saved) || !(saved.get("params") instanceof List<?> ids)) {
                throw new IllegalArgumentException(where + "parameter group " + gi + " is not a map with a 'params' list");
            }
            if (ids.size() != current.params().size()) {
                throw new IllegalArgumentException(where + "loaded state dict contains a parameter group that doesn't "
                        + "match the size of optimizer's group (group " + gi + ": " + ids.size() + " parameters instead of "
                        + current.params().size() + ")");
            }
            for (int i = 0; i < ids.size(); i++) {
                if (!(ids.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException(where + "parameter group " + gi + " has a non-integer parameter index "
                            + ParamGroup.describe(ids.get(i)));
                }
                if (byIndex.put(n.longValue(), current.params().get(i)) != null) {
                    throw new IllegalArgumentException(where + "parameter index " + n.longValue() + " appears twice");
                }
            }
            Map<String, Object> options = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : saved.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.equals("params")) continue;
                if (!defaults.containsKey(key)) {
                    throw new IllegalArgumentException(where + "parameter group " + gi + " has option '" + key
                            + "', which " + name() + " does not have; valid: " + String.join(", ", defaults.keySet()));
                }
                options.put(key, e.getValue());
            }
            for (String key : defaults.keySet()) {
                if (!options.containsKey(key)) {
                    throw new IllegalArgumentException(where + "parameter group " + gi + " lacks option '" + key + "'");
                }
            }
            ParamGroup restored = current.withOptions(options);
            checkGroup(restored);
            newGroups.add(restored);
        }
        Map<Tensor, Map<String, Object>> newState = new IdentityHashMap<>();
        for (Map.Entry<?, ?> e : savedState.entrySet()) {
            long idx = parseIndex(where, e.getKey());
            Tensor p = byIndex.get(idx);
            if (p == null) {
                throw new IllegalArgumentException(where + "state refers to parameter index " + idx
                        + ", which no parameter group lists (indices: " + byIndex.keySet() + ")");
            }
            if (!(e.getValue() instanceof Map<?, ?> entries)) {
                throw new IllegalArgumentException(where + "state of parameter " + idx + " is "
                        + ParamGroup.describe(e.getValue()) + ", expected a map");
            }
            Map<String, Object> restored = restoreParamState(where, idx, p, entries);
            try {
                checkParamState(restored);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + "state of parameter " + idx + ": " + ex.getMessage(), ex);
            }
            newState.put(p, restored);
        }
        // commit
        for (int gi = 0; gi < newGroups.size(); gi++) paramGroups.set(gi, newGroups.get(gi));
        state = newState;
    }

    private static long parseIndex(String where, Object key) {
        if (key instanceof Number n) return n.longValue();
        if (key instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        throw new IllegalArgumentException(where + "state key " + ParamGroup.describe(key) + " is not a parameter index");
    }

    /** Checks one parameter's saved state and copies its tensors onto the parameter's dtype and device. */
    private static Map<String, Object> restoreParamState(String where, long idx, Tensor p, Map<?, ?> entries) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (key.equals("step")) {
                long step;
                if (v instanceof Number n) step = n.longValue();
                else if (v instanceof Tensor t && t.numel() == 1) step = Math.round(t.item());
                else throw new IllegalArgumentException(where + "state of parameter " + idx + ": 'step' is "
                            + ParamGroup.describe(v) + ", expected a number");
                if (step < 0) throw new IllegalArgumentException(where + "state of parameter " + idx + ": 'step' is negative: " + step);
                out.put(key, step);
            } else if (v instanceof Tensor t) {
                if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                    throw new IllegalArgumentException(where + "state of parameter " + idx + ": '" + key + "' has shape "
                            + java.util.Arrays.toString(t.shape()) + " but the parameter has shape "
                            + java.util.Arrays.toString(p.shape()));
                }
                try (var off = Kiln.noGrad()) {
                    Tensor copy = p.detach().clone();
                    copy.copy_(t);
                    out.put(key, copy);
                }
            } else {
                throw new IllegalArgumentException(where + "state of parameter " + idx + ": '" + key + "' is "
                        + ParamGroup.describe(v) + ", expected a tensor");
            }
        }
        return out;
    }
}

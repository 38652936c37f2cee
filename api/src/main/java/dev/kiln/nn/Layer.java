package dev.kiln.nn;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Kiln;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradScope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A neural-network layer, PyTorch's {@code nn.Module}: it owns parameters, buffers and sublayers,
 * registered by name in the order a model declares them, and computes {@link #forward(Tensor)}.
 *
 * <pre>{@code
 * class Net extends Layer {
 *     final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
 *     final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
 *
 *     @Override public Tensor forward(Tensor x) { ... }
 * }
 * }</pre>
 *
 * <p>Java cannot intercept a field assignment as Python's {@code __setattr__} does, so registration is
 * explicit: {@link #registerModule}, {@link #registerParameter} and {@link #registerBuffer}. Field
 * initialisers run in declaration order, so the registration order, and with it the order of
 * {@link #parameters()}, {@link #stateDict()} and the printed tree, is the declaration order, as in PyTorch.
 *
 * <p><b>No {@code Parameter} type.</b> A parameter is a plain {@link Tensor} that is a leaf requiring
 * grad; {@link #registerParameter} makes it one. A wrapper class would have to implement the whole
 * {@code Tensor} interface (implemented in kiln-core) only to carry a flag that {@code requiresGrad()}
 * and {@code isLeaf()} already carry.
 *
 * <p>Method names follow PyTorch's ({@code modules()}, {@code namedParameters()}, {@code registerModule()})
 * because they are what a PyTorch user reaches for; sublayers are called modules there.
 */
public abstract class Layer {

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Layer> children = new LinkedHashMap<>();
    private boolean training = true;

    /** A layer with nothing registered yet, in training mode (as PyTorch's modules start). */
    protected Layer() {}

    // =====================================================================================
    // forward
    // =====================================================================================

    /**
     * Computes the layer's output ({@code module(input)} in PyTorch). Subclasses override it as a
     * {@code public} method; the base refuses, as PyTorch's unimplemented {@code forward} does.
     *
     * @param input the input tensor
     * @return the output tensor
     * @throws UnsupportedOperationException when the subclass does not override it
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [" + typeName() + "] is missing the required \"forward\" function");
    }

    // =====================================================================================
    // registration
    // =====================================================================================

    /**
     * Registers a sublayer under {@code name} ({@code add_module} / {@code register_module}) and returns it,
     * so a field can be initialised in one line.
     *
     * @param name   a non-empty name without dots, unique among this layer's parameters, buffers and sublayers
     * @param module the sublayer
     * @param <T>    the sublayer's type
     * @return {@code module}
     * @throws IllegalArgumentException for a bad or already used name, or a null sublayer
     */
    public <T extends Layer> T registerModule(String name, T module) {
        checkName("module", name);
        if (module == null) throw new IllegalArgumentException(typeName() + ": module '" + name + "' must not be null");
        if (module.modules().contains(this)) {
            throw new IllegalArgumentException(typeName() + ": registering '" + name + "' would make a module its own submodule");
        }
        children.put(name, module);
        return module;
    }

    /**
     * Registers a parameter under {@code name} ({@code register_parameter(name, nn.Parameter(tensor))}) and
     * returns the registered tensor, a leaf that requires grad: a leaf tensor is registered itself (its
     * {@code requiresGrad} set to true); a non-leaf is registered as its {@link Tensor#detach() detached}
     * view, sharing its storage, as {@code nn.Parameter} does.
     *
     * @param name   a non-empty name without dots, unique among this layer's parameters, buffers and sublayers
     * @param tensor a floating-point tensor
     * @return the registered parameter (use it, not {@code tensor}, when {@code tensor} was not a leaf)
     * @throws IllegalArgumentException for a bad or already used name, a null or a non-floating tensor
     */
    public Tensor registerParameter(String name, Tensor tensor) {
        checkName("parameter", name);
        if (tensor == null) throw new IllegalArgumentException(typeName() + ": parameter '" + name + "' must not be null");
        if (!tensor.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(typeName() + ": parameter '" + name + "' must be a floating point tensor "
                    + "(only those can require gradients), got dtype " + tensor.dtype().torchName());
        }
        Tensor p = tensor.isLeaf() ? tensor : tensor.detach();
        if (!p.requiresGrad()) p.requiresGrad(true);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers a buffer ({@code register_buffer}): state that is saved in the {@link #stateDict()} and
     * moved by {@link #to(Device)}, but is not a parameter (a running mean, a fixed mask...).
     *
     * @param name   a non-empty name without dots, unique among this layer's parameters, buffers and sublayers
     * @param tensor the buffer's value
     * @return {@code tensor}
     * @throws IllegalArgumentException for a bad or already used name or a null tensor
     */
    public Tensor registerBuffer(String name, Tensor tensor) {
        checkName("buffer", name);
        if (tensor == null) throw new IllegalArgumentException(typeName() + ": buffer '" + name + "' must not be null");
        buffers.put(name, tensor);
        return tensor;
    }

    private void checkName(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(typeName() + ": " + kind + " name can't be empty");
        }
        if (name.indexOf('.') >= 0) {
            throw new IllegalArgumentException(typeName() + ": " + kind + " name can't contain \".\", got '" + name + "'");
        }
        String used = parameters.containsKey(name) ? "a parameter" : buffers.containsKey(name) ? "a buffer"
                : children.containsKey(name) ? "a module" : null;
        if (used != null) {
            throw new IllegalArgumentException(typeName() + ": attribute '" + name + "' is already registered as " + used);
        }
    }

    // =====================================================================================
    // lookup and traversal
    // =====================================================================================

    /**
     * The parameter at a dotted path ({@code get_parameter}), e.g. {@code "fc1.weight"}.
     *
     * @param target the dotted name, as {@link #namedParameters()} gives it
     * @return the parameter
     * @throws IllegalArgumentException when there is no such parameter
     */
    public Tensor parameter(String target) {
        int dot = target.lastIndexOf('.');
        Layer owner = dot < 0 ? this : module(target.substring(0, dot));
        Tensor p = owner.parameters.get(target.substring(dot + 1));
        if (p == null) throw new IllegalArgumentException(owner.typeName() + " has no parameter '" + target.substring(dot + 1)
                + "' (has: " + String.join(", ", owner.parameters.keySet()) + ")");
        return p;
    }

    /**
     * The sublayer at a dotted path ({@code get_submodule}), e.g. {@code "linear_relu_stack.0"}; the empty
     * path is this layer.
     *
     * @param target the dotted name, as {@link #namedModules()} gives it
     * @return the sublayer
     * @throws IllegalArgumentException when there is no such sublayer
     */
    public Layer module(String target) {
        if (target.isEmpty()) return this;
        Layer m = this;
        for (String part : target.split("\\.", -1)) {
            Layer next = m.children.get(part);
            if (next == null) throw new IllegalArgumentException(m.typeName() + " has no submodule '" + part + "' (in '" + target
                    + "'; has: " + String.join(", ", m.children.keySet()) + ")");
            m = next;
        }
        return m;
    }

    /** This layer's parameters and those of every sublayer, each once, in registration order ({@code parameters()}). */
    public List<Tensor> parameters() { return List.copyOf(namedParameters().values()); }

    /**
     * Every parameter with its dotted name ({@code named_parameters()}: {@code "linear_relu_stack.0.weight"}),
     * this layer's own first, then each sublayer's in registration order; a tensor shared by two layers is
     * listed once, under its first name.
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((prefix, m) -> m.parameters.forEach((n, p) -> {
            if (seen.add(p)) out.put(join(prefix, n), p);
        }));
        return Collections.unmodifiableMap(out);
    }

    /** Every buffer, each once, in registration order ({@code buffers()}). */
    public List<Tensor> buffers() { return List.copyOf(namedBuffers().values()); }

    /**
     * Every buffer with its dotted name ({@code named_buffers()}), in the order of {@link #namedParameters()}.
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((prefix, m) -> m.buffers.forEach((n, b) -> {
            if (seen.add(b)) out.put(join(prefix, n), b);
        }));
        return Collections.unmodifiableMap(out);
    }

    /** The direct sublayers in registration order ({@code children()}). */
    public List<Layer> children() { return List.copyOf(children.values()); }

    /**
     * The direct sublayers by name ({@code named_children()}).
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, Layer> namedChildren() { return Collections.unmodifiableMap(new LinkedHashMap<>(children)); }

    /** This layer and every sublayer, depth first, each once ({@code modules()}). */
    public List<Layer> modules() { return List.copyOf(namedModules().values()); }

    /**
     * This layer (named {@code ""}) and every sublayer with its dotted name, depth first in registration
     * order, each once ({@code named_modules()}).
     *
     * @return an unmodifiable ordered map
     */
    public Map<String, Layer> namedModules() {
        Map<String, Layer> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableMap(out);
    }

    private void collectModules(String prefix, Map<String, Layer> out, Set<Layer> seen) {
        if (!seen.add(this)) return;
        out.put(prefix, this);
        children.forEach((n, c) -> c.collectModules(join(prefix, n), out, seen));
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    /**
     * Calls {@code fn} on every sublayer (children first, depth first) and then on this layer ({@code apply}),
     * e.g. for a custom initialisation.
     *
     * @param fn what to do with each layer
     * @return this layer
     */
    public Layer apply(Consumer<Layer> fn) {
        for (Layer c : children.values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    // =====================================================================================
    // training state
    // =====================================================================================

    /**
     * Clears every parameter's gradient by setting it to null, as PyTorch 2's {@code zero_grad()}
     * ({@code set_to_none=True}): the next backward allocates fresh gradients instead of adding into
     * zeros, and an optimizer skips a parameter whose gradient is null.
     */
    public void zeroGrad() { zeroGrad(true); }

    /**
     * Clears every parameter's gradient ({@code zero_grad(set_to_none)}).
     *
     * @param setToNone true: set gradients to null; false: fill existing gradients with zeros in place
     */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : parameters()) {
            Tensor g = p.grad();
            if (g == null) continue;
            if (setToNone) {
                p.setGrad(null);
            } else {
                try (GradScope off = Kiln.noGrad()) {
                    Tensor z = g.gradFn() != null ? g.detach() : g;
                    z.zero_();
                    if (z != g) p.setGrad(z);
                }
            }
        }
    }

    /**
     * Puts this layer and every sublayer in training mode ({@code train()}); layers such as
     * {@code Dropout} behave differently in training and evaluation.
     *
     * @return this layer
     */
    public Layer train() { return train(true); }

    /**
     * Sets training mode on this layer and every sublayer ({@code train(mode)}).
     *
     * @param mode true for training, false for evaluation
     * @return this layer
     */
    public Layer train(boolean mode) {
        for (Layer m : modules()) m.training = mode;
        return this;
    }

    /**
     * Puts this layer and every sublayer in evaluation mode ({@code eval()}, same as {@code train(false)}).
     *
     * @return this layer
     */
    public Layer eval() { return train(false); }

    /** Whether this layer is in training mode ({@code self.training}). */
    public boolean isTraining() { return training; }

    // =====================================================================================
    // devices and dtypes
    // =====================================================================================

    /**
     * Moves every parameter and buffer to {@code device} ({@code module.to(device)}) and returns this layer.
     * Parameters stay leaves that require grad (their gradients move with them). A tensor already on the
     * device is kept as is; one that moves is replaced by a new tensor, so create optimizers after moving
     * the model (as PyTorch's documentation recommends) and read parameters through the layer.
     *
     * @param device the target device
     * @return this layer
     */
    public Layer to(Device device) {
        if (device == null) throw new IllegalArgumentException(typeName() + ".to: device must not be null");
        return convert(t -> t.device().equals(device) ? t : t.to(device), false);
    }

    /**
     * Casts every floating-point parameter and buffer to {@code dtype} ({@code module.to(dtype)},
     * {@code module.double()}) and returns this layer; integer and boolean buffers are kept.
     *
     * @param dtype a floating-point dtype
     * @return this layer
     * @throws IllegalArgumentException when {@code dtype} is not floating point
     */
    public Layer to(DType dtype) {
        if (dtype == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(typeName() + ".to: nn.Module.to only accepts floating point dtypes, got "
                    + (dtype == null ? "null" : dtype.torchName()));
        }
        return convert(t -> !t.dtype().isFloatingPoint() || t.dtype() == dtype ? t : t.to(dtype), true);
    }

    private Layer convert(UnaryOperator<Tensor> fn, boolean floatingOnly) {
        // a tensor shared by several layers is converted once and stays shared
        Map<Tensor, Tensor> done = new IdentityHashMap<>();
        for (Layer m : modules()) {
            for (Map.Entry<String, Tensor> e : m.parameters.entrySet()) {
                e.setValue(done.computeIfAbsent(e.getValue(), p -> moveParameter(p, fn)));
            }
            for (Map.Entry<String, Tensor> e : m.buffers.entrySet()) {
                e.setValue(done.computeIfAbsent(e.getValue(), b -> {
                    try (GradScope off = Kiln.noGrad()) {
                        return fn.apply(b);
                    }
                }));
            }
        }
        return this;
    }

    private static Tensor moveParameter(Tensor p, UnaryOperator<Tensor> fn) {
        Tensor moved;
        Tensor grad = p.grad();
        try (GradScope off = Kiln.noGrad()) {
            moved = fn.apply(p);
            if (moved == p) return p;
            moved = moved.detach();
            if (grad != null) grad = fn.apply(grad).detach();
        }
        moved.requiresGrad(p.requiresGrad());
        if (grad != null) moved.setGrad(grad);
        return moved;
    }

    // =====================================================================================
    // state dict
    // =====================================================================================

    /**
     * The layer's state ({@code state_dict()}): every parameter and buffer by dotted name, in PyTorch's
     * order (a layer's parameters, then its buffers, then each sublayer's). Values are detached and share
     * storage with the live tensors, as PyTorch's do: save them at once, or {@code clone()} them for a snapshot.
     *
     * @return a new, modifiable ordered map
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        liveState().forEach((k, v) -> out.put(k, v.detach()));
        return out;
    }

    /** name → live tensor, in state-dict order (shared tensors appear under each of their names). */
    private Map<String, Tensor> liveState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    // no de-duplication: PyTorch's state_dict saves a shared sublayer under each of its names
    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(join(prefix, n), p));
        buffers.forEach((n, b) -> out.put(join(prefix, n), b));
        children.forEach((n, c) -> c.collectState(join(prefix, n), out));
    }

    /**
     * Same as {@code loadStateDict(stateDict, true)}.
     *
     * @param stateDict name → tensor, as {@link #stateDict()} or {@code Kiln.load} gives it
     * @return the missing and unexpected keys (both empty when it returns)
     * @throws IllegalArgumentException listing every missing, unexpected or mismatched entry; nothing is changed
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict) { return loadStateDict(stateDict, true); }

    /**
     * Copies values from {@code stateDict} into this layer's parameters and buffers ({@code load_state_dict}),
     * all or nothing: every key, shape and dtype is checked first, and on any error nothing is changed and
     * the exception lists every problem in PyTorch's words (with its trailing space after the key lists;
     * shapes are written {@code [10, 5]} where PyTorch writes {@code torch.Size([10, 5])}):
     * <pre>
     * Error(s) in loading state_dict for Net:
     * 	Missing key(s) in state_dict: "fc.bias".
     * 	size mismatch for fc.weight: copying a param with shape [10, 5] from checkpoint, the shape in current model is [10, 4].
     * </pre>
     * Values are copied in place under no-grad, so the parameters keep their identity (an optimizer built
     * on them keeps working) and their device. Unlike PyTorch, which casts silently, a dtype mismatch is an
     * error: a checkpoint of another precision is more often a mistake than an intent ({@link #to(DType)}
     * the model first to load one on purpose).
     *
     * @param stateDict name → tensor
     * @param strict    true: missing and unexpected keys are errors; false: they are returned (size and dtype
     *                  mismatches are errors either way, as in PyTorch)
     * @return the missing and unexpected keys
     * @throws IllegalArgumentException listing every problem; nothing is changed
     */
    public IncompatibleKeys loadStateDict(Map<String, Tensor> stateDict, boolean strict) {
        if (stateDict == null) throw new IllegalArgumentException(typeName() + ".loadStateDict: state_dict must not be null");
        Map<String, Tensor> live = liveState();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : live.entrySet()) {
            String key = e.getKey();
            if (!stateDict.containsKey(key)) {
                missing.add(key);
                continue;
            }
            Tensor given = stateDict.get(key);
            Tensor current = e.getValue();
            if (given == null) {
                mismatches.add("null value for " + key + ": the checkpoint holds no tensor, the model expects shape "
                        + Arrays.toString(current.shape()) + ".");
            } else if (!Arrays.equals(given.shape(), current.shape())) {
                mismatches.add("size mismatch for " + key + ": copying a param with shape " + Arrays.toString(given.shape())
                        + " from checkpoint, the shape in current model is " + Arrays.toString(current.shape()) + ".");
            } else if (given.dtype() != current.dtype()) {
                mismatches.add("dtype mismatch for " + key + ": copying a param with dtype " + given.dtype().torchName()
                        + " from checkpoint, the dtype in current model is " + current.dtype().torchName() + ".");
            }
        }
        for (String key : stateDict.keySet()) if (!live.containsKey(key)) unexpected.add(key);

        List<String> errors = new ArrayList<>();
        if (strict && !missing.isEmpty()) errors.add("Missing key(s) in state_dict: " + quoted(missing) + ". ");
        if (strict && !unexpected.isEmpty()) errors.add("Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
        errors.addAll(mismatches);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state_dict for " + typeName() + ":\n\t"
                    + String.join("\n\t", errors));
        }
        try (GradScope off = Kiln.noGrad()) {
            live.forEach((key, current) -> {
                Tensor given = stateDict.get(key);
                if (given != null && given != current) current.copy_(given);
            });
        }
        return new IncompatibleKeys(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static String quoted(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append('"').append(k).append('"');
        }
        return sb.toString();
    }

    /**
     * What a non-strict {@link #loadStateDict(Map, boolean)} left out ({@code _IncompatibleKeys}).
     *
     * @param missingKeys    keys of the model the state dict did not hold
     * @param unexpectedKeys keys of the state dict the model does not have
     */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
        /** Copies both lists. */
        public IncompatibleKeys {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
        }
    }

    // =====================================================================================
    // printing
    // =====================================================================================

    /**
     * The layer's name in the printed tree ({@code _get_name()}): the class's simple name.
     *
     * @return the name
     */
    protected String typeName() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? getClass().getName().substring(getClass().getName().lastIndexOf('.') + 1) : n;
    }

    /**
     * The layer's own settings as PyTorch's {@code extra_repr()} writes them, e.g.
     * {@code "in_features=784, out_features=512, bias=True"}; empty by default. May span several lines.
     *
     * @return the settings, or the empty string
     */
    protected String extraRepr() { return ""; }

    /**
     * The module tree exactly as PyTorch prints it ({@code print(model)}):
     * <pre>
     * Net(
     *   (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
     *   (fc1): Linear(in_features=400, out_features=120, bias=True)
     * )
     * </pre>
     */
    @Override
    public String toString() {
        String extra = extraRepr();
        List<String> extraLines = extra == null || extra.isEmpty() ? List.of() : List.of(extra.split("\n", -1));
        List<String> childLines = new ArrayList<>();
        children.forEach((n, c) -> childLines.add("(" + n + "): " + indent(c.toString())));
        List<String> lines = new ArrayList<>(extraLines);
        lines.addAll(childLines);
        StringBuilder sb = new StringBuilder(typeName()).append('(');
        if (!lines.isEmpty()) {
            if (extraLines.size() == 1 && childLines.isEmpty()) {
                sb.append(extraLines.getFirst());
            } else {
                sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
            }
        }
        return sb.append(')').toString();
    }

    /** PyTorch's {@code _addindent(s, 2)}: every line but the first indented by two spaces. */
    private static String indent(String s) {
        return s.replace("\n", "\n  ");
    }
}

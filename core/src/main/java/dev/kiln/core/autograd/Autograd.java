package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How ops take part in autograd. After computing its forward, an op calls {@link #record} with its
 * PyTorch node name, its inputs, the tensors its backward needs, and its {@link Derivative}; nothing is
 * recorded when grad mode is off or no input requires grad. Composite ops that are one node in PyTorch
 * (softmax, mse_loss...) compute their forward inside {@code try (var off = GradMode.disable())} and
 * record one node.
 */
public final class Autograd {
    private Autograd() {}

    private static final TensorImpl[] NONE = new TensorImpl[0];

    /** True when grad mode is on and some input requires grad: the op must record a node. */
    public static boolean needsGrad(Tensor... inputs) {
        // the inputs first: a field read each, where grad mode is a thread-local lookup
        for (Tensor t : inputs) {
            if (t != null && AutogradMeta.requiresGrad(TensorImpl.of(t))) return GradMode.isEnabled();
        }
        return false;
    }

    /** {@link #needsGrad(Tensor...)} for one input, without the array. */
    public static boolean needsGrad(TensorImpl a) {
        return AutogradMeta.requiresGrad(a) && GradMode.isEnabled();
    }

    /** {@link #needsGrad(Tensor...)} for two inputs, without the array. */
    public static boolean needsGrad(TensorImpl a, TensorImpl b) {
        return (AutogradMeta.requiresGrad(a) || AutogradMeta.requiresGrad(b)) && GradMode.isEnabled();
    }

    /**
     * Records the op that made {@code out}: a node named {@code name} with one edge per input (null inputs,
     * e.g. an absent bias, get an empty edge), saving {@code saved} for {@code derivative}. Returns {@code out}.
     * Does nothing when {@link #needsGrad} is false, for non-floating outputs, and when {@code out} is one of
     * the inputs (an op that returned its input unchanged keeps the input's history).
     */
    public static <T extends Tensor> T record(String name, T out, Tensor[] inputs, Tensor[] saved, Derivative derivative) {
        if (!needsGrad(inputs)) return out;
        TensorImpl o = TensorImpl.of(out);
        if (!o.dtype().isFloatingPoint()) return out;
        for (Tensor in : inputs) if (in == out) return out;
        GradFn.Edge[] edges = new GradFn.Edge[inputs.length];
        int[][] shapes = new int[inputs.length][];
        dev.kiln.DType[] types = new dev.kiln.DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            TensorImpl in = inputs[i] == null ? null : TensorImpl.of(inputs[i]);
            edges[i] = edgeOf(in);
            if (in != null) {
                shapes[i] = in.shapeRef(); // shape arrays are never modified once a tensor holds them
                types[i] = in.dtype();
            }
        }
        SavedTensor[] s = new SavedTensor[saved.length];
        for (int i = 0; i < saved.length; i++) {
            if (saved[i] == null) continue;
            TensorImpl t = TensorImpl.of(saved[i]);
            Node producer = AutogradMeta.gradFnOf(t);
            s[i] = new SavedTensor(t, saved[i] == out ? name : producer == null ? null : producer.name());
        }
        Node node = new Node(name, edges, shapes, types, derivative, s);
        AutogradMeta.of(o).setGradFn(node);
        return out;
    }

    /** {@link #record} with nothing saved. */
    public static <T extends Tensor> T record(String name, T out, Tensor[] inputs, Derivative derivative) {
        return record(name, out, inputs, NONE, derivative);
    }

    /** Shorthand for an input list. */
    public static Tensor[] inputs(Tensor... inputs) { return inputs; }

    /** Shorthand for a saved list. */
    public static Tensor[] saved(Tensor... saved) { return saved; }

    /** Shorthand for a derivative's result. */
    public static Tensor[] grads(Tensor... grads) { return grads; }

    /**
     * {@link #record} for an op whose output is a view of {@code input}: also remembers (in grad mode) the
     * view's base, so an in-place write through the view is checked against the base's autograd state.
     */
    public static <T extends Tensor> T recordView(String name, T out, Tensor input, Derivative derivative) {
        T r = record(name, out, new Tensor[] {input}, derivative);
        // the base is kept in grad mode even when nothing requires grad yet: writing a tensor that requires
        // grad into such a view in place must be refused, not leave the base without the history
        if (GradMode.isEnabled() && r != input) {
            TensorImpl in = TensorImpl.of(input);
            TensorImpl inBase = in.autogradMeta() == null ? null : in.autogradMeta().viewBase();
            // the root of a chain of views, unless the input is where grad starts (a leaf made from a view)
            boolean throughInput = inBase == null || (requiresGrad(in) && !requiresGrad(inBase));
            AutogradMeta.of(TensorImpl.of(r)).setViewBase(throughInput ? in : inBase);
        }
        return r;
    }

    /** The edge a new node gets for {@code in}. */
    static GradFn.Edge edgeOf(TensorImpl in) {
        if (in == null || !AutogradMeta.requiresGrad(in)) return new GradFn.Edge(null, 0);
        AutogradMeta m = in.autogradMeta();
        if (m.gradFn() != null) return new GradFn.Edge(m.gradFn(), 0);
        return new GradFn.Edge(m.accumulator(in), 0);
    }

    /**
     * The gradient of a broadcast operand: {@code grad} summed over the dims along which an input of
     * {@code shape} was broadcast, then shaped as the input (differentiable).
     */
    public static Tensor sumTo(Tensor grad, int[] shape) {
        int[] gs = grad.shape();
        if (Arrays.equals(gs, shape)) return grad;
        int lead = gs.length - shape.length;
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) dims.add(d);
        }
        Tensor r = dims.isEmpty() ? grad : grad.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return Arrays.equals(r.shape(), shape) ? r : r.reshape(shape);
    }

    // ---- the tensor-level autograd API (Tensor's autograd methods land here) ----

    public static boolean requiresGrad(TensorImpl t) { return AutogradMeta.requiresGrad(t); }

    public static void setRequiresGrad(TensorImpl t, boolean requiresGrad) {
        AutogradMeta m = t.autogradMeta();
        if (m != null && m.gradFn() != null) {
            if (requiresGrad) return;
            throw new IllegalArgumentException("requires_grad_: you can only change requires_grad flags of leaf variables. "
                    + "If you want to use a computed variable in a subgraph that doesn't require differentiation use "
                    + "var_no_grad = var.detach().");
        }
        if (requiresGrad && !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requires_grad_: only Tensors of floating point and complex dtype can require "
                    + "gradients, got " + t.dtype().torchName() + "; convert with .to(DType.FLOAT32) first");
        }
        if (m == null && !requiresGrad) return;
        AutogradMeta.of(t).setRequiresGrad(requiresGrad);
    }

    public static boolean isLeaf(TensorImpl t) { return AutogradMeta.gradFnOf(t) == null; }

    public static GradFn gradFn(TensorImpl t) { return AutogradMeta.gradFnOf(t); }

    public static Tensor grad(TensorImpl t) {
        AutogradMeta m = t.autogradMeta();
        return m == null ? null : m.grad();
    }

    public static void setGrad(TensorImpl t, Tensor grad) {
        if (grad == null) {
            if (t.autogradMeta() != null) t.autogradMeta().setGrad(null);
            return;
        }
        TensorImpl g = TensorImpl.of(grad);
        if (!Arrays.equals(g.shapeRef(), t.shapeRef()) || g.dtype() != t.dtype() || !g.device().equals(t.device())) {
            throw new IllegalArgumentException("setGrad: assigned grad has data of a different size, type or device: got "
                    + Shapes.str(g.shapeRef()) + " " + g.dtype().torchName() + " on " + g.device() + ", expected "
                    + Shapes.str(t.shapeRef()) + " " + t.dtype().torchName() + " on " + t.device());
        }
        AutogradMeta.of(t).setGrad(g);
    }

    public static void retainGrad(TensorImpl t) {
        Node fn = AutogradMeta.gradFnOf(t);
        if (fn == null) {
            if (!requiresGrad(t)) {
                throw new IllegalStateException("retain_grad: can't retain_grad on Tensor that has requires_grad=False");
            }
            return; // a leaf keeps its grad anyway
        }
        AutogradMeta m = AutogradMeta.of(t);
        if (m.retainsGrad()) return;
        m.setRetainsGrad();
        fn.preHooks().add(g -> {
            TensorImpl gi = TensorImpl.of(g);
            TensorImpl old = m.grad();
            try (var off = GradMode.disable()) {
                m.setGrad(old == null ? TensorImpl.of(gi.clone()) : TensorImpl.of(old.add(gi)));
            }
            return null;
        });
    }

    public static boolean retainsGrad(TensorImpl t) {
        AutogradMeta m = t.autogradMeta();
        return m != null && m.retainsGrad();
    }

    public static dev.kiln.autograd.RemovableHandle registerHook(TensorImpl t, java.util.function.UnaryOperator<Tensor> hook) {
        if (!requiresGrad(t)) {
            throw new IllegalStateException("register_hook: cannot register a hook on a tensor that doesn't require gradient");
        }
        AutogradMeta m = AutogradMeta.of(t);
        List<java.util.function.UnaryOperator<Tensor>> list = m.gradFn() != null ? m.gradFn().preHooks() : m.leafHooks();
        list.add(hook);
        return () -> list.remove(hook);
    }

    /** {@code t.backward(gradient, retainGraph, createGraph)}. */
    public static void backward(TensorImpl t, Tensor gradient, boolean retainGraph, boolean createGraph) {
        BackwardEngine.backward(List.of(t), Arrays.asList(gradient), retainGraph || createGraph, createGraph);
    }

    /** {@code torch.autograd.grad}. */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    boolean retainGraph, boolean createGraph, boolean allowUnused) {
        return BackwardEngine.grad(outputs, inputs, gradOutputs, retainGraph || createGraph, createGraph, allowUnused);
    }
}

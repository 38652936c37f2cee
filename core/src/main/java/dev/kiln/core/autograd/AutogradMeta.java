package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.core.tensor.TensorImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A tensor's autograd state, created on first need: the leaf flag, the accumulated gradient, the
 * node that made it (non-leaf), its leaf's accumulator and the hooks on its gradient.
 */
public final class AutogradMeta {
    private boolean requiresGrad;
    private Node gradFn;
    private TensorImpl grad;
    private AccumulateGrad accumulator;
    private boolean retainsGrad;
    private final List<UnaryOperator<Tensor>> leafHooks = new ArrayList<>(0);
    /** For a view made by a recorded view op: the tensor it views (the root of a chain of views). */
    private TensorImpl viewBase;

    /** The tensor's state, created if absent. */
    static AutogradMeta of(TensorImpl t) {
        AutogradMeta m = t.autogradMeta();
        if (m == null) {
            m = new AutogradMeta();
            t.setAutogradMeta(m);
        }
        return m;
    }

    /** The node that made {@code t}, or null. */
    static Node gradFnOf(TensorImpl t) {
        AutogradMeta m = t.autogradMeta();
        return m == null ? null : m.gradFn;
    }

    /** Whether {@code t} requires grad: a leaf marked so, or the output of a recorded op. */
    public static boolean requiresGrad(TensorImpl t) {
        AutogradMeta m = t.autogradMeta();
        return m != null && (m.requiresGrad || m.gradFn != null);
    }

    boolean leafRequiresGrad() { return requiresGrad; }

    void setRequiresGrad(boolean r) { requiresGrad = r; }

    Node gradFn() { return gradFn; }

    void setGradFn(Node fn) { gradFn = fn; }

    TensorImpl grad() { return grad; }

    void setGrad(TensorImpl g) { grad = g; }

    boolean retainsGrad() { return retainsGrad; }

    void setRetainsGrad() { retainsGrad = true; }

    List<UnaryOperator<Tensor>> leafHooks() { return leafHooks; }

    /** The tensor this one is a recorded view of, or null. */
    public TensorImpl viewBase() { return viewBase; }

    void setViewBase(TensorImpl base) { viewBase = base; }

    /** The leaf's accumulator, one per leaf so every edge into the leaf meets the same node (as PyTorch's). */
    AccumulateGrad accumulator(TensorImpl leaf) {
        if (accumulator == null) accumulator = new AccumulateGrad(leaf);
        return accumulator;
    }
}

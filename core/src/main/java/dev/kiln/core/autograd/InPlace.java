package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.core.tensor.TensorImpl;

import dev.kiln.core.ops.ShapeOps;

import java.util.function.Function;

/**
 * Autograd's rules for in-place ops. Outside autograd (grad mode off, or nothing involved requires
 * grad) the op writes in place. Inside, a leaf that requires grad (or a view of one) is refused as in
 * PyTorch; otherwise the op is recorded out of place, its values are written into the tensor, and the
 * tensor's history is rebased onto the new node, so {@code y.add_(1)} gives y {@code grad_fn=<AddBackward0>}.
 * The out-of-place op runs on a snapshot of the tensor (its values before the write, with its history), so
 * a backward that needs the original values ({@code mul_}, {@code log_}...) has them, as PyTorch saves the
 * original self. Other tensors the graph saved are caught at backward by their version counters.
 */
public final class InPlace {
    private InPlace() {}

    /**
     * @param op         the op's name, for messages ({@code "add_"})
     * @param self       the tensor written
     * @param operands   the other tensor operands (may hold nulls)
     * @param outOfPlace the same op, out of place, recorded, applied to a snapshot of {@code self} (used only when
     *                   autograd is involved)
     * @param raw        the in-place write itself, which bumps the version
     */
    public static Tensor apply(String op, TensorImpl self, Tensor[] operands, Function<TensorImpl, Tensor> outOfPlace, Runnable raw) {
        if (!GradMode.isEnabled()) {
            raw.run();
            return self;
        }
        AutogradMeta meta = self.autogradMeta();
        if (meta != null && meta.leafRequiresGrad() && meta.gradFn() == null) {
            throw new IllegalStateException(op + ": a leaf Variable that requires grad is being used in an in-place operation. "
                    + "(Update parameters inside try (var g = Kiln.noGrad()) { ... }, as optimizers do, or use the "
                    + "out-of-place op.)");
        }
        TensorImpl base = meta == null ? null : meta.viewBase();
        if (base != null && Autograd.requiresGrad(base)) {
            if (Autograd.isLeaf(base)) {
                throw new IllegalStateException(op + ": a view of a leaf Variable that requires grad is being used in an "
                        + "in-place operation. (shape " + dev.kiln.core.tensor.Shapes.str(self.shapeRef()) + ")");
            }
            throw new UnsupportedOperationException(op + ": Kiln's autograd does not support in-place operations on a view "
                    + "of a tensor that has autograd history (shape " + dev.kiln.core.tensor.Shapes.str(self.shapeRef())
                    + "); use the out-of-place op, or clone() the view first");
        }
        boolean involved = Autograd.requiresGrad(self);
        for (Tensor t : operands) if (t != null && Autograd.requiresGrad(TensorImpl.of(t))) involved = true;
        if (!involved) {
            raw.run();
            return self;
        }
        if (base != null) {
            throw new UnsupportedOperationException(op + ": Kiln's autograd does not support writing a tensor that "
                    + "requires grad in place into a view (shape " + dev.kiln.core.tensor.Shapes.str(self.shapeRef())
                    + ") of another tensor: the base would not get the history. Build the result out of place "
                    + "(e.g. with Tensor.cat or Tensor.where) instead");
        }
        TensorImpl result = TensorImpl.of(outOfPlace.apply(snapshot(self)));
        try (var off = GradMode.disable()) {
            self.copy_(result);
        }
        Node fn = AutogradMeta.gradFnOf(result);
        if (fn != null) AutogradMeta.of(self).setGradFn(fn);
        return self;
    }

    /** A copy of {@code t}'s values that stands for {@code t} in the graph: same history, own storage. */
    private static TensorImpl snapshot(TensorImpl t) {
        TensorImpl copy = ShapeOps.copyOf(t);
        AutogradMeta meta = t.autogradMeta();
        if (meta != null && (meta.gradFn() != null || meta.leafRequiresGrad())) {
            AutogradMeta m = AutogradMeta.of(copy);
            m.setGradFn(meta.gradFn());
            m.setRequiresGrad(meta.leafRequiresGrad());
        }
        return copy;
    }
}

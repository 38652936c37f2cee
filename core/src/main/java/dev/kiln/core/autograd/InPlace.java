package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.core.tensor.TensorImpl;

import java.util.function.Supplier;

/**
 * Autograd's rules for in-place ops. Outside autograd (grad mode off, or nothing involved requires
 * grad) the op writes in place. Inside, a leaf that requires grad (or a view of one) is refused as in
 * PyTorch; otherwise the op is recorded out of place, its values are written into the tensor, and the
 * tensor's history is rebased onto the new node, so {@code y.add_(1)} gives y {@code grad_fn=<AddBackward0>}.
 * Tensors the graph saved are caught at backward by their version counters.
 */
public final class InPlace {
    private InPlace() {}

    /**
     * @param op         the op's name, for messages ({@code "add_"})
     * @param self       the tensor written
     * @param operands   the other tensor operands (may hold nulls)
     * @param outOfPlace the same op, out of place, recorded (used only when autograd is involved)
     * @param raw        the in-place write itself, which bumps the version
     */
    public static Tensor apply(String op, TensorImpl self, Tensor[] operands, Supplier<Tensor> outOfPlace, Runnable raw) {
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
        TensorImpl result = TensorImpl.of(outOfPlace.get());
        try (var off = GradMode.disable()) {
            self.copy_(result);
        }
        Node fn = AutogradMeta.gradFnOf(result);
        if (fn != null) AutogradMeta.of(self).setGradFn(fn);
        return self;
    }
}

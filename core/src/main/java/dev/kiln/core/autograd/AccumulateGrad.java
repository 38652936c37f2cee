package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.TensorImpl;

/** The sink of a leaf that requires grad: adds the incoming gradient into the leaf's {@code .grad}. */
final class AccumulateGrad extends Node {
    private final TensorImpl leaf;

    AccumulateGrad(TensorImpl leaf) {
        super("AccumulateGrad", new Edge[0], new int[0][], new DType[0], (g, s) -> new Tensor[0], new SavedTensor[0]);
        this.leaf = leaf;
    }

    TensorImpl leaf() { return leaf; }

    /**
     * Accumulates {@code grad}. The first gradient is stored as a fresh contiguous tensor (never an alias of a
     * tensor the backward made, which may be a broadcast view); later ones are added in place, or out of place
     * when the backward is being recorded, so the accumulated gradient stays differentiable.
     */
    void accumulate(Tensor grad, boolean createGraph) {
        AutogradMeta meta = AutogradMeta.of(leaf);
        TensorImpl g = TensorImpl.of(grad);
        if (g.dtype() != leaf.dtype()) g = TensorImpl.of(g.to(leaf.dtype()));
        TensorImpl old = meta.grad();
        if (old == null) {
            meta.setGrad(createGraph ? TensorImpl.of(g.clone()) : freshCopy(g));
        } else if (createGraph) {
            meta.setGrad(TensorImpl.of(old.add(g)));
        } else {
            try (var off = GradMode.disable()) {
                old.add_(g);
            }
        }
    }

    private static TensorImpl freshCopy(TensorImpl g) {
        try (var off = GradMode.disable()) {
            return TensorImpl.of(g.clone());
        }
    }
}

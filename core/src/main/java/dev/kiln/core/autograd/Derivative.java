package dev.kiln.core.autograd;

import dev.kiln.Tensor;

/**
 * The backward of one op: from the gradient of its output, the gradient of each input (null where
 * an input needs none). It is written with differentiable tensor ops, so that with
 * {@code createGraph} the backward itself is recorded and can be differentiated again.
 */
@FunctionalInterface
public interface Derivative {
    /**
     * @param grad  the gradient of the op's output, of the output's shape
     * @param saved the tensors the forward saved, and which inputs need a gradient
     * @return one entry per input of the op, in order
     */
    Tensor[] apply(Tensor grad, Saved saved);
}

package dev.kiln.autograd;

import java.util.List;

/**
 * A node of the autograd graph: the backward of the op that made a tensor, as PyTorch's
 * {@code tensor.grad_fn}. Its {@link #name()} is PyTorch's ({@code "AddBackward0"},
 * {@code "MseLossBackward0"}, {@code "AccumulateGrad"} for a leaf), and {@link #nextFunctions()}
 * walks the graph towards the leaves as {@code grad_fn.next_functions} does:
 *
 * <pre>{@code
 * loss.gradFn().next(0).next(1)     // loss.grad_fn.next_functions[0][0].next_functions[1][0]
 * }</pre>
 *
 * <p>{@code toString()} prints as PyTorch does: {@code <MseLossBackward0 object at 0x6d06d69c>}.
 */
public interface GradFn {

    /** PyTorch's name for this node, e.g. {@code "AddmmBackward0"}. */
    String name();

    /**
     * One edge per input of the op, in the op's argument order; an input that does not need a
     * gradient has an edge whose {@link Edge#function()} is null (PyTorch's {@code (None, 0)}).
     */
    List<Edge> nextFunctions();

    /** The node behind input {@code i}: {@code nextFunctions().get(i).function()}. */
    default GradFn next(int i) { return nextFunctions().get(i).function(); }

    /**
     * An edge to the node that receives the gradient of one input.
     *
     * @param function the node, or null when the input does not need a gradient
     * @param inputNr  which output of that node's op the input was (0 for single-output ops)
     */
    record Edge(GradFn function, int inputNr) {}
}

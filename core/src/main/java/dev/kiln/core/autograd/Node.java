package dev.kiln.core.autograd;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.core.tensor.TensorImpl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A recorded op: its PyTorch name, an edge per input, the shape and dtype of each input (the
 * gradient handed on is made to match them), the tensors its derivative needs, and the derivative.
 */
public class Node implements GradFn {
    private final String name;
    private final Edge[] next;
    private final int[][] inputShapes;
    private final DType[] inputTypes;
    private final Derivative derivative;
    private final SavedTensor[] saved;
    /** Hooks on the gradient of the tensor this node made (tensor hooks of a non-leaf), in registration order. */
    private final List<UnaryOperator<Tensor>> preHooks = new ArrayList<>(0);
    /** Where the forward ran, kept only in anomaly mode. */
    private final Throwable forwardTrace;
    private final long sequenceNr;

    private static final ThreadLocal<long[]> SEQUENCE = ThreadLocal.withInitial(() -> new long[1]);

    Node(String name, Edge[] next, int[][] inputShapes, DType[] inputTypes, Derivative derivative, SavedTensor[] saved) {
        this.name = name;
        this.next = next;
        this.inputShapes = inputShapes;
        this.inputTypes = inputTypes;
        this.derivative = derivative;
        this.saved = saved;
        this.forwardTrace = GradMode.isAnomalyEnabled() ? new Throwable("forward of " + name) : null;
        this.sequenceNr = SEQUENCE.get()[0]++;
    }

    @Override public String name() { return name; }

    @Override public List<Edge> nextFunctions() { return List.of(next); }

    @Override public String toString() { return "<" + name + " object at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">"; }

    Edge[] edges() { return next; }

    /** Later nodes first when several are ready: the order PyTorch's engine uses. */
    long sequenceNr() { return sequenceNr; }

    Throwable forwardTrace() { return forwardTrace; }

    List<UnaryOperator<Tensor>> preHooks() { return preHooks; }

    /** The gradients of the inputs from the gradient of the output. */
    Tensor[] apply(Tensor grad) {
        Saved view = new Saved() {
            @Override public TensorImpl get(int i) { return saved[i].unpack(Node.this); }
            @Override public boolean needs(int input) { return next[input].function() != null; }
        };
        Tensor[] out = derivative.apply(grad, view);
        if (out.length != next.length) {
            throw new IllegalStateException(name + ": the derivative returned " + out.length + " gradients for "
                    + next.length + " inputs");
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null || next[i].function() == null) {
                out[i] = null;
                continue;
            }
            out[i] = conform(i, TensorImpl.of(out[i]));
        }
        return out;
    }

    /** The gradient for input {@code i}, cast to the input's dtype; its shape must already be the input's. */
    private Tensor conform(int i, TensorImpl g) {
        if (!Arrays.equals(g.shapeRef(), inputShapes[i])) {
            throw new IllegalStateException("Function " + name + " returned an invalid gradient at index " + i
                    + " - got " + Arrays.toString(g.shapeRef()) + " but expected shape compatible with "
                    + Arrays.toString(inputShapes[i]));
        }
        return g.dtype() == inputTypes[i] ? g : g.to(inputTypes[i]);
    }

    /** Frees the saved tensors (backward without retainGraph). */
    void release() {
        for (SavedTensor s : saved) s.release();
    }
}

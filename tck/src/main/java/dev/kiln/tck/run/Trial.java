package dev.kiln.tck.run;

import dev.kiln.Tensor;

import java.util.List;

/**
 * One op applied to stored inputs, as the TCK runs it on the current runtime: build the leaves,
 * apply the op (views included), then {@code output.backward(gradOutput)} when there is an upstream
 * gradient. A golden case and an OpInfo-style sample are both trials, so the golden runner and the
 * cross-backend comparison share {@link Measure} and {@link Compare}.
 */
public interface Trial {

    /** The case or sample name. */
    String name();

    /** The op, by PyTorch's name. */
    String op();

    /** The input names, in positional order (gradients are reported by these names). */
    List<String> inputNames();

    /** The stored (leaf) tensors on the current runtime, each with its {@code requiresGrad} set. */
    List<Tensor> leaves();

    /** The op on the leaves: views are taken here, so the gradient lands on the leaves. */
    Tensor apply(List<Tensor> leaves);

    /** The upstream gradient for {@code output}, or null to run forward only. */
    Tensor gradOutput(Tensor output);
}

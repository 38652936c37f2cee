package dev.kiln.core.autograd;

import dev.kiln.core.tensor.TensorImpl;

/** What a {@link Derivative} sees of its node: the saved tensors (checked on the way out) and which inputs need a gradient. */
public interface Saved {
    /** Saved tensor {@code i}, failing if it was freed by an earlier backward or modified in place since it was saved. */
    TensorImpl get(int i);

    /** Whether input {@code i} of the op needs a gradient (a derivative may skip the work for the others). */
    boolean needs(int input);
}

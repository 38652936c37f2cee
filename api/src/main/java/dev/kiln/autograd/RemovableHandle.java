package dev.kiln.autograd;

/** What {@code Tensor.registerHook} returns: {@link #remove()} unregisters the hook, as PyTorch's handle. */
public interface RemovableHandle {
    /** Unregisters the hook; removing twice has no further effect. */
    void remove();
}

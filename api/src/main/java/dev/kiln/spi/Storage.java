package dev.kiln.spi;

import dev.kiln.DType;

/**
 * A block of memory owned by one {@link Backend}. Opaque to everything but the backend that
 * allocated it: core and other plugins never read it, they hand it back to its backend's kernels.
 */
public interface Storage {
    /** The element type the storage was allocated for. */
    DType dtype();

    /** Number of elements it holds. */
    long numel();

    /** Size in bytes ({@code numel() * dtype().byteSize()}). */
    default long byteSize() { return numel() * dtype().byteSize(); }

    /**
     * Whether this storage must be handed back to {@link Backend#release} when no tensor uses it any more.
     * True (the default) for memory the garbage collector does not reclaim by itself (native or device memory):
     * core then registers a {@link java.lang.ref.Cleaner} for it. A backend whose storage is a plain Java heap
     * array answers false, so core skips that per-tensor bookkeeping; an explicit release (and the backend's
     * {@code close()}) still works as before.
     */
    default boolean needsRelease() { return true; }
}

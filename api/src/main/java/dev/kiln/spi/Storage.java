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
}

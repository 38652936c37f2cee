package dev.kiln.spi.host;

import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;

/** How a host-memory backend reaches the memory behind a view's storage (its own storage class's segment). */
@FunctionalInterface
public interface Segments {
    /**
     * The whole segment of {@code view}'s storage (element 0 at byte 0).
     *
     * @param op the kernel asking, named in the error for a foreign or released storage
     */
    MemorySegment of(View view, String op);
}

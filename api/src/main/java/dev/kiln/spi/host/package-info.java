/**
 * Helpers for backends whose storage is host memory ({@link java.lang.foreign.MemorySegment}s): typed
 * element access with Kiln's conversion rules ({@link dev.kiln.spi.host.HostElements}) and row-by-row
 * iteration over strided views ({@link dev.kiln.spi.host.StridedLoop}). The reference backend and the
 * SIMD backend both use them, so every element they do not vectorise converts exactly alike.
 */
package dev.kiln.spi.host;

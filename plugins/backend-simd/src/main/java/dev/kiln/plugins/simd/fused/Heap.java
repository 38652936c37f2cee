package dev.kiln.plugins.simd.fused;

import dev.kiln.DType;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;

/**
 * The heap array behind a contiguous view, and the index of the view's first element in it; null when the
 * view is not contiguous, has another dtype, or its memory is not a heap array of that type (the kernel then
 * declines).
 */
final class Heap {
    private Heap() {}

    static float[] floats(FusedEnv env, View v) {
        if (v == null || v.dtype() != DType.FLOAT32 || !v.isContiguous()) return null;
        return env.memory().apply(v.storage()).heapBase().orElse(null) instanceof float[] f ? f : null;
    }

    static double[] doubles(FusedEnv env, View v) {
        if (v == null || v.dtype() != DType.FLOAT64 || !v.isContiguous()) return null;
        return env.memory().apply(v.storage()).heapBase().orElse(null) instanceof double[] d ? d : null;
    }

    /** The array index of the view's first element (the segment may start inside its array). */
    static int start(FusedEnv env, View v) {
        MemorySegment s = env.memory().apply(v.storage());
        return Math.toIntExact(s.address() / v.dtype().byteSize() + v.offset());
    }

    static long[] longArray(FusedEnv env, View v) {
        if (v == null || v.dtype() != DType.INT64 || !v.isContiguous()) return null;
        return env.memory().apply(v.storage()).heapBase().orElse(null) instanceof long[] l ? l : null;
    }

    /** A contiguous int64 view's memory (any kind of segment), or null. */
    static MemorySegment longs(FusedEnv env, View v) {
        if (v == null || v.dtype() != DType.INT64 || !v.isContiguous()) return null;
        return env.memory().apply(v.storage());
    }
}

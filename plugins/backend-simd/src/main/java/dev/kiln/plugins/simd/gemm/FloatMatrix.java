package dev.kiln.plugins.simd.gemm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A float32 matrix operand: element {@code (i, j)} sits at {@code offset + i * rowStride + j * colStride}
 * (in elements) of either a heap {@code float[]} ({@code array} non-null, the fast path) or a memory segment
 * (native memory the caller wrapped).
 *
 * @param array     the backing array, or null when the data lives in {@code segment}
 * @param segment   the backing segment when {@code array} is null
 * @param offset    element offset of {@code (0, 0)}: into the array, or into the segment
 * @param rowStride element stride between rows (any value, 0 for a broadcast)
 * @param colStride element stride between columns
 */
// template: gen.sh derives the 64-bit type from this file; edit it and rerun gen.sh
public record FloatMatrix(float[] array, MemorySegment segment, long offset, long rowStride, long colStride) {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /**
     * The operand over {@code segment} at element {@code offset}: when the segment is backed by a {@code float[]}
     * the array is used directly (with the segment's own start folded into the offset).
     */
    public static FloatMatrix of(MemorySegment segment, long offset, long rowStride, long colStride) {
        if (segment.heapBase().orElse(null) instanceof float[] arr && segment.address() % Float.BYTES == 0) {
            return new FloatMatrix(arr, null, segment.address() / Float.BYTES + offset, rowStride, colStride);
        }
        return new FloatMatrix(null, segment, offset, rowStride, colStride);
    }

    /** The operand over a heap array. */
    public static FloatMatrix of(float[] array, long offset, long rowStride, long colStride) {
        return new FloatMatrix(array, null, offset, rowStride, colStride);
    }

    /** The same matrix transposed (strides swapped): no copy. */
    public FloatMatrix transpose() { return new FloatMatrix(array, segment, offset, colStride, rowStride); }

    /** The operand moved by {@code delta} elements (the next matrix of a batch). */
    FloatMatrix shift(long delta) { return new FloatMatrix(array, segment, offset + delta, rowStride, colStride); }

    float get(long i, long j) {
        long at = offset + i * rowStride + j * colStride;
        return array != null ? array[(int) at] : segment.getAtIndex(F, at);
    }

    void set(long i, long j, float v) {
        long at = offset + i * rowStride + j * colStride;
        if (array != null) array[(int) at] = v;
        else segment.setAtIndex(F, at, v);
    }
}

package dev.kiln.plugins.simd.gemm;

import dev.kiln.DType;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Storage and views for the kernel tests, standing in for the backend's own storage class. */
final class TestViews {
    private TestViews() {}

    /** A storage over a segment (heap or native). */
    record SegStorage(MemorySegment segment, DType dtype, long numel) implements Storage {}

    /** Layouts a [batch, rows, cols] operand can take. */
    enum Layout { ROW, COL, STRIDED, BROADCAST }

    static MemorySegment segmentOf(Storage s) { return ((SegStorage) s).segment(); }

    /** A storage of {@code numel} elements of random values, on the heap or (with {@code arena}) native. */
    static SegStorage random(DType dtype, long numel, Random rnd, Arena arena) {
        SegStorage s = empty(dtype, numel, arena);
        for (long i = 0; i < numel; i++) set(s, i, rnd.nextDouble() * 2 - 1);
        return s;
    }

    static SegStorage empty(DType dtype, long numel, Arena arena) {
        MemorySegment seg;
        if (arena != null) seg = arena.allocate(numel * dtype.byteSize(), 64);
        else if (dtype == DType.FLOAT32) seg = MemorySegment.ofArray(new float[(int) numel]);
        else seg = MemorySegment.ofArray(new double[(int) numel]);
        return new SegStorage(seg, dtype, numel);
    }

    static double get(SegStorage s, long i) {
        return s.dtype() == DType.FLOAT32 ? s.segment().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i)
                : s.segment().getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
    }

    static void set(SegStorage s, long i, double v) {
        if (s.dtype() == DType.FLOAT32) s.segment().setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) v);
        else s.segment().setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, v);
    }

    /** A [batch, rows, cols] view in the given layout over fresh random storage, starting at offset 3. */
    static View view(DType dtype, int batch, int rows, int cols, Layout layout, Random rnd, Arena arena) {
        long off = 3;
        long[] strides = switch (layout) {
            case ROW -> new long[]{(long) rows * cols, cols, 1};
            case COL -> new long[]{(long) rows * cols, 1, rows};
            case STRIDED -> new long[]{(long) rows * (2L * cols + 1) + 7, 2L * cols + 1, 2};
            case BROADCAST -> new long[]{0, cols, 1};
        };
        long span = off + 1;
        int[] shape = {batch, rows, cols};
        for (int d = 0; d < 3; d++) span += (long) (shape[d] - 1) * strides[d];
        if (layout == Layout.BROADCAST) span = off + (long) rows * cols;
        return new View(random(dtype, Math.max(span, off + 1), rnd, arena), dtype, off, shape, strides);
    }

    static double at(View v, int b, int i, int j) {
        return get((SegStorage) v.storage(), v.offset() + b * v.strides()[0] + i * v.strides()[1] + j * v.strides()[2]);
    }
}

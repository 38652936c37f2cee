package dev.kiln.core.ref;

import dev.kiln.spi.host.StridedLoop;
import dev.kiln.spi.host.HostElements;

import dev.kiln.DType;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;

/** Builds views on a {@link ReferenceBackend} and reads them back, for the kernel tests. */
final class Fixtures {
    private Fixtures() {}

    /** Row-major strides of a shape. */
    static long[] contiguousStrides(int... shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    static long numel(int... shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** A contiguous view of fresh storage (contents zero on the ref backend). */
    static View empty(ReferenceBackend b, DType t, int... shape) {
        Storage s = b.allocate(t, numel(shape));
        return new View(s, t, 0, shape.clone(), contiguousStrides(shape));
    }

    /** A contiguous view holding {@code values} converted to {@code t}. */
    static View of(ReferenceBackend b, DType t, double[] values, int... shape) {
        View v = empty(b, t, shape);
        MemorySegment seg = ((RefStorage) v.storage()).segment();
        for (int i = 0; i < values.length; i++) HostElements.writeDouble(seg, t, i, values[i]);
        return v;
    }

    /** A contiguous view holding {@code values} converted (wrapping) to {@code t}. */
    static View ofLongs(ReferenceBackend b, DType t, long[] values, int... shape) {
        View v = empty(b, t, shape);
        MemorySegment seg = ((RefStorage) v.storage()).segment();
        for (int i = 0; i < values.length; i++) HostElements.writeLong(seg, t, i, values[i]);
        return v;
    }

    /** {@code 0, 1, 2, ...} times {@code scale}, plus {@code shift}. */
    static double[] ramp(int n, double scale, double shift) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = i * scale + shift;
        return r;
    }

    /** A view with dims {@code a} and {@code b} swapped (shares storage). */
    static View transpose(View v, int a, int b) {
        int[] shape = v.shape().clone();
        long[] strides = v.strides().clone();
        int ts = shape[a];
        shape[a] = shape[b];
        shape[b] = ts;
        long tt = strides[a];
        strides[a] = strides[b];
        strides[b] = tt;
        return new View(v.storage(), v.dtype(), v.offset(), shape, strides);
    }

    /** A view with the given shape and strides over the same storage. */
    static View restride(View v, long offset, int[] shape, long[] strides) {
        return new View(v.storage(), v.dtype(), offset, shape, strides);
    }

    /** Elements in row-major order of the view, as doubles (computed with an odometer, independent of StridedLoop). */
    static double[] doubles(View v) {
        MemorySegment seg = ((RefStorage) v.storage()).segment();
        double[] r = new double[(int) v.numel()];
        int[] idx = new int[v.rank()];
        for (int k = 0; k < r.length; k++) {
            r[k] = HostElements.readDouble(seg, v.dtype(), offsetOf(v, idx));
            increment(idx, v.shape());
        }
        return r;
    }

    /** Elements in row-major order of the view, as longs. */
    static long[] longs(View v) {
        MemorySegment seg = ((RefStorage) v.storage()).segment();
        long[] r = new long[(int) v.numel()];
        int[] idx = new int[v.rank()];
        for (int k = 0; k < r.length; k++) {
            r[k] = HostElements.readLong(seg, v.dtype(), offsetOf(v, idx));
            increment(idx, v.shape());
        }
        return r;
    }

    /** One element by multi-index. */
    static double at(View v, int... idx) {
        return HostElements.readDouble(((RefStorage) v.storage()).segment(), v.dtype(), offsetOf(v, idx));
    }

    static long offsetOf(View v, int[] idx) {
        long o = v.offset();
        for (int d = 0; d < idx.length; d++) o += idx[d] * v.strides()[d];
        return o;
    }

    static void increment(int[] idx, int[] shape) {
        for (int d = idx.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) return;
            idx[d] = 0;
        }
    }
}

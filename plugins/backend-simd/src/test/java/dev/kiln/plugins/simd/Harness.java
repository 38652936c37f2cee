package dev.kiln.plugins.simd;

import dev.kiln.spi.host.HostElements;

import dev.kiln.DType;
import dev.kiln.core.ref.ReferenceBackend;
import dev.kiln.spi.Backend;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the same kernel call on a simd backend and on the reference backend and compares the outputs:
 * views are described once (shape, strides, offset, values) and uploaded to both backends.
 */
final class Harness {
    /** The widths this CPU can run (128 and 256 always, 512 when preferred). */
    static List<Integer> widths() {
        List<Integer> w = new ArrayList<>(List.of(128, 256));
        if (Species.preferredBits() >= 512) w.add(512);
        return w;
    }

    /** The awkward lengths of the kernel tests. */
    static final int[] LENGTHS = {0, 1, 3, 7, 13, 31, 257, 4099};
    /** The threading grain of the test backends: small, so threaded paths run on small data. */
    static final int GRAIN = 4096;
    /** A length split over two threads by the test backends (more than two grains), odd. */
    static final int THREADED = 5 * GRAIN + 13;

    final SimdBackend simd;
    final Backend ref = new ReferenceBackend();

    Harness(int bits) {
        simd = new SimdBackend(new SimdContext(bits, new Parallel(2), GRAIN));
    }

    void close() {
        simd.close();
        ref.close();
    }

    /** A view description: values in logical row-major order, laid out with the given strides and offset. */
    record Spec(DType dtype, int[] shape, long[] strides, long offset, double[] values) {
        long storageSize() {
            long max = offset;
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] == 0) return offset;
                max += (shape[d] - 1) * strides[d];
            }
            return max + 1;
        }
    }

    static long[] contiguous(int[] shape) {
        long[] s = new long[shape.length];
        long st = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = st;
            st *= shape[d];
        }
        return s;
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    /** Random values: normal, with NaN, infinities and signed zeros sprinkled in when {@code specials}. */
    static double[] values(Random rnd, long n, boolean specials, DType t) {
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            if (t.isFloatingPoint()) {
                v[i] = rnd.nextGaussian() * 3;
                if (specials && rnd.nextInt(17) == 0) {
                    v[i] = switch (rnd.nextInt(5)) {
                        case 0 -> Double.NaN;
                        case 1 -> Double.POSITIVE_INFINITY;
                        case 2 -> Double.NEGATIVE_INFINITY;
                        case 3 -> -0.0;
                        default -> 0.0;
                    };
                }
            } else if (t == DType.BOOL) {
                v[i] = rnd.nextBoolean() ? 1 : 0;
            } else {
                v[i] = rnd.nextInt(21) - 10;
                if (t == DType.UINT8) v[i] = Math.abs(v[i]);
            }
        }
        return v;
    }

    static Spec contiguousSpec(DType t, int[] shape, double[] values) {
        return new Spec(t, shape, contiguous(shape), 0, values);
    }

    /** Uploads a spec: the storage holds the values at their strided places (zeros elsewhere, last write wins). */
    static View upload(Backend b, Spec s) {
        long size = Math.max(1, s.storageSize());
        Storage st = b.allocate(s.dtype(), size);
        MemorySegment host = MemorySegment.ofArray(new byte[(int) (size * s.dtype().byteSize())]);
        long n = numel(s.shape());
        int[] idx = new int[s.shape().length];
        for (long i = 0; i < n; i++) {
            long at = s.offset();
            for (int d = 0; d < idx.length; d++) at += idx[d] * s.strides()[d];
            write(host, s.dtype(), at, s.values()[(int) i]);
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < s.shape()[d]) break;
                idx[d] = 0;
            }
        }
        b.copyFromHost(host, st, 0, size);
        return new View(st, s.dtype(), s.offset(), s.shape(), s.strides());
    }

    /** The view's values in logical row-major order, as doubles. */
    static double[] download(Backend b, View v) {
        long size = v.storage().numel();
        MemorySegment host = MemorySegment.ofArray(new byte[(int) (size * v.dtype().byteSize())]);
        b.copyToHost(v.storage(), 0, size, host);
        long n = v.numel();
        double[] out = new double[(int) n];
        int[] idx = new int[v.rank()];
        for (long i = 0; i < n; i++) {
            long at = v.offset();
            for (int d = 0; d < idx.length; d++) at += idx[d] * v.strides()[d];
            out[(int) i] = read(host, v.dtype(), at);
            for (int d = idx.length - 1; d >= 0; d--) {
                if (++idx[d] < v.shape()[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }

    private static void write(MemorySegment s, DType t, long i, double v) {
        switch (t) {
            case FLOAT32 -> s.set(HostElements.F32, i * 4, (float) v);
            case FLOAT64 -> s.set(HostElements.F64, i * 8, v);
            case INT32 -> s.set(HostElements.I32, i * 4, (int) v);
            case INT64 -> s.set(HostElements.I64, i * 8, (long) v);
            case INT16 -> s.set(HostElements.I16, i * 2, (short) v);
            case BOOL, INT8, UINT8 -> s.set(HostElements.I8, i, (byte) v);
            default -> HostElements.writeDouble(s, t, i, v);
        }
    }

    private static double read(MemorySegment s, DType t, long i) {
        return HostElements.readDouble(s, t, i);
    }

    /**
     * Compares element by element: NaN matches NaN, otherwise {@code |a - b| <= atol + rtol * |b|}
     * (0 and 0 give bit equality, signed zeros included).
     */
    static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) fail(what + ": " + actual.length + " elements, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a)) ok = Double.isNaN(e) && Double.isNaN(a);
            else if (rtol == 0 && atol == 0) ok = Double.doubleToLongBits(e) == Double.doubleToLongBits(a);
            else if (Double.isInfinite(e) || Double.isInfinite(a)) ok = e == a;
            else ok = Math.abs(e - a) <= atol + rtol * Math.abs(e);
            if (!ok) fail(what + ": element " + i + " is " + a + ", the reference backend gives " + e);
        }
    }
}

package dev.kiln.plugins.simd.fused;

import dev.kiln.DType;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/** Storage and views for the fused kernels' tests, without a backend: heap segments as the SIMD backend allocates them. */
final class Operands {
    private Operands() {}

    record TestStorage(MemorySegment segment, DType dtype, long numel) implements Storage {}

    /** The env at {@code bits} with a pool of {@code threads} that splits work at the kernels' grain. */
    static FusedEnv env(int bits, int threads) {
        FusedEnv.RangeRunner runner = threads == 1 ? FusedEnv.serial() : (n, grain, body) -> {
            if (n < 2 * grain) {
                body.run(0, n);
                return;
            }
            int chunks = (int) Math.min(threads, n / grain);
            POOL.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    RecursiveAction[] parts = new RecursiveAction[chunks];
                    for (int c = 0; c < chunks; c++) {
                        long a = c * n / chunks;
                        long b = (c + 1) * n / chunks;
                        parts[c] = new RecursiveAction() {
                            @Override
                            protected void compute() { body.run(a, b); }
                        };
                    }
                    invokeAll(parts);
                }
            });
        };
        return new FusedEnv(bits, runner, s -> ((TestStorage) s).segment());
    }

    private static final ForkJoinPool POOL = new ForkJoinPool(3);

    /** A contiguous view over a fresh heap array holding {@code values} (float32 rounded), offset {@code pad} into it. */
    static View of(DType dtype, double[] values, int pad, int... shape) {
        int n = values.length + pad;
        MemorySegment seg = switch (dtype) {
            case FLOAT32 -> MemorySegment.ofArray(new float[n]);
            case FLOAT64 -> MemorySegment.ofArray(new double[n]);
            case INT64 -> MemorySegment.ofArray(new long[n]);
            default -> throw new IllegalArgumentException(dtype.toString());
        };
        View v = new View(new TestStorage(seg, dtype, n), dtype, pad, shape, strides(shape));
        for (int i = 0; i < values.length; i++) set(v, i, values[i]);
        return v;
    }

    /** A contiguous view over native memory (the kernels decline it). */
    static View nativeOf(DType dtype, int... shape) {
        long n = 1;
        for (int s : shape) n *= s;
        MemorySegment seg = Arena.ofAuto().allocate(n * dtype.byteSize(), 8);
        return new View(new TestStorage(seg, dtype, n), dtype, 0, shape, strides(shape));
    }

    static long[] strides(int[] shape) {
        long[] st = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= shape[d];
        }
        return st;
    }

    static double get(View v, long i) {
        MemorySegment s = ((TestStorage) v.storage()).segment();
        long at = v.offset() + i;
        return switch (v.dtype()) {
            case FLOAT32 -> s.getAtIndex(ValueLayout.JAVA_FLOAT, at);
            case FLOAT64 -> s.getAtIndex(ValueLayout.JAVA_DOUBLE, at);
            case INT64 -> s.getAtIndex(ValueLayout.JAVA_LONG, at);
            default -> throw new IllegalArgumentException();
        };
    }

    static void set(View v, long i, double x) {
        MemorySegment s = ((TestStorage) v.storage()).segment();
        long at = v.offset() + i;
        switch (v.dtype()) {
            case FLOAT32 -> s.setAtIndex(ValueLayout.JAVA_FLOAT, at, (float) x);
            case FLOAT64 -> s.setAtIndex(ValueLayout.JAVA_DOUBLE, at, x);
            case INT64 -> s.setAtIndex(ValueLayout.JAVA_LONG, at, (long) x);
            default -> throw new IllegalArgumentException();
        }
    }

    static double[] values(View v) {
        double[] r = new double[Math.toIntExact(v.numel())];
        for (int i = 0; i < r.length; i++) r[i] = get(v, i);
        return r;
    }

    static double[] random(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(lo, hi);
        return v;
    }

    /** Values as float32 would hold them (the kernels' float32 input). */
    static double[] rounded(DType dtype, double[] v) {
        if (dtype != DType.FLOAT32) return v.clone();
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (float) v[i];
        return r;
    }
}

package dev.kiln.plugins.simd;

import dev.kiln.spi.host.HostElements;

import dev.kiln.DType;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Batched matrix product. float32/float64 with unit-stride rows of {@code b} and {@code out} take an
 * i-k-j loop over the heap arrays ({@link #fast}: float64 on the vector axpy, float32 into double
 * accumulators), rows split over the pool; the rest runs the reference loop.
 * (The gemm package's packed, register-tiled kernel replaces the fast path once it lands.)
 *
 * <p>Reference loop: batched matrix product {@code out[b] = a[b] @ b[b]} over {@code [B, M, K] x [B, K, N]} with any
 * strides. Each output row is an i-k-j loop into a row of accumulators (double for floating
 * dtypes, long for integer and bool ones), summing over k in order and storing once. float32 and
 * float64 read their operands directly; the other dtypes go through {@link Elements}.
 */
final class MatmulKernel {
    private MatmulKernel() {}

    static void matmul(SimdContext ctx, View a, View b, View out) {
        if (a.rank() != 3 || b.rank() != 3 || out.rank() != 3) {
            throw new IllegalArgumentException("matmul: expects [B, M, K] x [B, K, N] -> [B, M, N], got "
                    + Arrays.toString(a.shape()) + " x " + Arrays.toString(b.shape()) + " -> "
                    + Arrays.toString(out.shape()));
        }
        int batches = out.shape()[0];
        int m = out.shape()[1];
        int n = out.shape()[2];
        int k = a.shape()[2];
        if (a.shape()[0] != batches || b.shape()[0] != batches || a.shape()[1] != m || b.shape()[1] != k
                || b.shape()[2] != n) {
            throw new IllegalArgumentException("matmul: shapes do not match [B, M, K] x [B, K, N] -> [B, M, N]: "
                    + Arrays.toString(a.shape()) + " x " + Arrays.toString(b.shape()) + " -> "
                    + Arrays.toString(out.shape()));
        }
        if (ctx.gemm().matmul(a, b, out)) return; // float32/float64: the packed GEMM of the gemm package
        if (fast(ctx, a, b, out, batches, m, n, k)) return;
        DType t = a.dtype();
        MemorySegment sa = SimdStorage.segment(a, "matmul");
        MemorySegment sb = SimdStorage.segment(b, "matmul");
        MemorySegment so = SimdStorage.segment(out, "matmul");
        long[] as = a.strides();
        long[] bs = b.strides();
        long[] os = out.strides();
        if (t.isFloatingPoint()) {
            double[] acc = new double[n];
            for (int bi = 0; bi < batches; bi++) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(acc, 0.0);
                    long aRow = a.offset() + bi * as[0] + i * as[1];
                    for (int p = 0; p < k; p++) {
                        long ia = aRow + p * as[2];
                        long bRow = b.offset() + bi * bs[0] + p * bs[1];
                        switch (t) {
                            case FLOAT32 -> axpyF32(acc, sa.get(HostElements.F32, ia * 4), sb, bRow, bs[2]);
                            case FLOAT64 -> axpyF64(acc, sa.get(HostElements.F64, ia * 8), sb, bRow, bs[2]);
                            default -> axpy(acc, HostElements.readDouble(sa, t, ia), sb, t, bRow, bs[2]);
                        }
                    }
                    long oRow = out.offset() + bi * os[0] + i * os[1];
                    for (int j = 0; j < n; j++) HostElements.writeDouble(so, out.dtype(), oRow + j * os[2], acc[j]);
                }
            }
        } else {
            long[] acc = new long[n];
            for (int bi = 0; bi < batches; bi++) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(acc, 0L);
                    long aRow = a.offset() + bi * as[0] + i * as[1];
                    for (int p = 0; p < k; p++) {
                        long x = HostElements.readLong(sa, t, aRow + p * as[2]);
                        long bRow = b.offset() + bi * bs[0] + p * bs[1];
                        long ib = bRow;
                        for (int j = 0; j < n; j++, ib += bs[2]) acc[j] += x * HostElements.readLong(sb, t, ib);
                    }
                    long oRow = out.offset() + bi * os[0] + i * os[1];
                    for (int j = 0; j < n; j++) HostElements.writeLong(so, out.dtype(), oRow + j * os[2], acc[j]);
                }
            }
        }
    }

    /** The vectorised i-k-j path: each output row accumulates {@code a[i][p] * b[p][:]} in order of p. */
    private static boolean fast(SimdContext ctx, View a, View b, View out, int batches, int m, int n, int k) {
        DType t = out.dtype();
        if ((t != DType.FLOAT32 && t != DType.FLOAT64) || a.dtype() != t || b.dtype() != t) return false;
        long[] as = a.strides();
        long[] bs = b.strides();
        long[] os = out.strides();
        if ((bs[2] != 1 && n > 1) || (os[2] != 1 && n > 1)) return false;
        Object aa = FastPaths.array(a);
        Object ab = FastPaths.array(b);
        Object ao = FastPaths.array(out);
        if (aa == null || ab == null || ao == null) return false;
        long rows = (long) batches * m;
        if (rows == 0 || n == 0) return true;
        long a0 = SimdStorage.arrayOffset(a) + a.offset();
        long b0 = SimdStorage.arrayOffset(b) + b.offset();
        long o0 = SimdStorage.arrayOffset(out) + out.offset();
        long perRow = Math.max(1L, (long) n * k);
        ctx.parallel().forRange(rows, Math.max(1, ctx.grain() / perRow), (s, e) -> {
            // float32 accumulates in double, as the reference: float accumulators drift past the
            // TCK's float32 tolerance on cancelling sums of a few hundred products
            double[] acc = t == DType.FLOAT32 ? new double[n] : null;
            for (long r = s; r < e; r++) {
                int bi = (int) (r / m);
                int i = (int) (r % m);
                int io = (int) (o0 + bi * os[0] + i * os[1]);
                long aRow = a0 + bi * as[0] + i * as[1];
                long bBase = b0 + bi * bs[0];
                if (t == DType.FLOAT32) {
                    float[] fa = (float[]) aa;
                    float[] fb = (float[]) ab;
                    java.util.Arrays.fill(acc, 0.0);
                    for (int p = 0; p < k; p++) {
                        double x = fa[(int) (aRow + p * as[2])];
                        int ib = (int) (bBase + p * bs[1]);
                        for (int j = 0; j < n; j++) acc[j] += x * fb[ib + j];
                    }
                    float[] o = (float[]) ao;
                    for (int j = 0; j < n; j++) o[io + j] = (float) acc[j];
                } else {
                    double[] o = (double[]) ao;
                    java.util.Arrays.fill(o, io, io + n, 0.0);
                    for (int p = 0; p < k; p++) {
                        double x = ((double[]) aa)[(int) (aRow + p * as[2])];
                        ctx.doubles().axpy(x, (double[]) ab, (int) (bBase + p * bs[1]), o, io, n);
                    }
                }
            }
        });
        return true;
    }

    private static void axpyF32(double[] acc, double x, MemorySegment sb, long start, long stride) {
        long byteStep = stride * 4;
        long at = start * 4;
        for (int j = 0; j < acc.length; j++, at += byteStep) acc[j] += x * sb.get(HostElements.F32, at);
    }

    private static void axpyF64(double[] acc, double x, MemorySegment sb, long start, long stride) {
        long byteStep = stride * 8;
        long at = start * 8;
        for (int j = 0; j < acc.length; j++, at += byteStep) acc[j] += x * sb.get(HostElements.F64, at);
    }

    private static void axpy(double[] acc, double x, MemorySegment sb, DType t, long start, long stride) {
        long at = start;
        for (int j = 0; j < acc.length; j++, at += stride) acc[j] += x * HostElements.readDouble(sb, t, at);
    }
}

package dev.kiln.spi.host;


import dev.kiln.DType;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Batched matrix product {@code out[b] = a[b] @ b[b]} over {@code [B, M, K] x [B, K, N]} with any
 * strides. Each output row is an i-k-j loop into a row of accumulators (double for floating
 * dtypes, long for integer and bool ones), summing over k in order and storing once. float32 and
 * float64 read their operands directly; the other dtypes go through {@link HostElements}. The reference backend runs every product here;
 * the SIMD backend runs here the dtypes its packed GEMM does not take.
 */
public final class HostMatmulKernel {
    private HostMatmulKernel() {}

    /** {@code out = a @ b} as {@link dev.kiln.spi.Backend#matmul} documents it, reaching the memory through {@code mem}. */
    public static void matmul(Segments mem, View a, View b, View out) {
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
        DType t = a.dtype();
        MemorySegment sa = mem.of(a, "matmul");
        MemorySegment sb = mem.of(b, "matmul");
        MemorySegment so = mem.of(out, "matmul");
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

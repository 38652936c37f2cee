package dev.kiln.plugins.simd.gemm;

import dev.kiln.DType;
import dev.kiln.spi.Storage;
import dev.kiln.spi.View;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The entry point of the SIMD backend's {@code matmul}: batched {@code out[b] = a[b] @ b[b]} over
 * {@link View}s ({@code [B, M, K] x [B, K, N] -> [B, M, N]}, any strides, stride 0 on a broadcast batch) for
 * float32 and float64, on {@link FloatGemm} / {@link DoubleGemm}. Other dtypes are declined ({@code false}),
 * the backend then runs its plain loop.
 *
 * <p>Storage is reached through {@code segments}, which the backend supplies (its storage class is its own):
 * a heap segment over a {@code float[]}/{@code double[]} takes the array fast path, any other segment (wrapped
 * native memory) is read and written element by element while packing.
 */
public final class Matmul {
    private final FloatGemm floats;
    private final DoubleGemm doubles;
    private final Function<Storage, MemorySegment> segments;

    /**
     * @param species  the backend's float species (its width selects the kernels: 128, 256 or 512 bits)
     * @param executor the backend's pool (may be null when {@code threads == 1})
     * @param threads  the most threads one product may use
     * @param segments the memory segment behind a storage of the backend
     */
    public Matmul(VectorSpecies<Float> species, Executor executor, int threads, Function<Storage, MemorySegment> segments) {
        this.floats = new FloatGemm(species, executor, threads);
        this.doubles = new DoubleGemm(doubleSpecies(species), executor, threads);
        this.segments = segments;
    }

    /** The float64 species of the same width as {@code species}. */
    static VectorSpecies<Double> doubleSpecies(VectorSpecies<Float> species) {
        return VectorSpecies.of(double.class, species.vectorShape());
    }

    /** The float32 GEMM (for fused kernels built on it). */
    public FloatGemm floatGemm() { return floats; }

    /** The float64 GEMM. */
    public DoubleGemm doubleGemm() { return doubles; }

    /** The segment behind a storage. */
    MemorySegment segment(Storage storage) { return segments.apply(storage); }

    /**
     * {@code out[b] = a[b] @ b[b]} as {@code Backend.matmul} documents; false (nothing written) for dtypes other
     * than float32 and float64.
     */
    public boolean matmul(View a, View b, View out) {
        if (a.rank() != 3 || b.rank() != 3 || out.rank() != 3) {
            throw new IllegalArgumentException("matmul: expects [B, M, K] x [B, K, N] -> [B, M, N], got "
                    + a + " x " + b + " -> " + out);
        }
        int batch = out.shape()[0], m = out.shape()[1], n = out.shape()[2], k = a.shape()[2];
        if (a.shape()[1] != m || b.shape()[2] != n || b.shape()[1] != k
                || (a.shape()[0] != batch && a.shape()[0] != 1) || (b.shape()[0] != batch && b.shape()[0] != 1)) {
            throw new IllegalArgumentException("matmul: shapes do not match [B, M, K] x [B, K, N] -> [B, M, N]: "
                    + a + " x " + b + " -> " + out);
        }
        long sa = a.shape()[0] == 1 ? 0 : a.strides()[0], sb = b.shape()[0] == 1 ? 0 : b.strides()[0];
        if (a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32) {
            floats.batched(batch, m, n, k, floatMatrix(a, 1, 2), sa, floatMatrix(b, 1, 2), sb,
                    floatMatrix(out, 1, 2), out.strides()[0], false);
            return true;
        }
        if (a.dtype() == DType.FLOAT64 && b.dtype() == DType.FLOAT64 && out.dtype() == DType.FLOAT64) {
            doubles.batched(batch, m, n, k, doubleMatrix(a, 1, 2), sa, doubleMatrix(b, 1, 2), sb,
                    doubleMatrix(out, 1, 2), out.strides()[0], false);
            return true;
        }
        return false;
    }

    /** The float32 matrix of {@code v} with rows along dimension {@code rowDim} and columns along {@code colDim}. */
    FloatMatrix floatMatrix(View v, int rowDim, int colDim) {
        return FloatMatrix.of(segment(v.storage()), v.offset(), v.strides()[rowDim], v.strides()[colDim]);
    }

    /** The float64 matrix of {@code v} with rows along dimension {@code rowDim} and columns along {@code colDim}. */
    DoubleMatrix doubleMatrix(View v, int rowDim, int colDim) {
        return DoubleMatrix.of(segment(v.storage()), v.offset(), v.strides()[rowDim], v.strides()[colDim]);
    }

}

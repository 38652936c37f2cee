package dev.kiln.plugins.simd.gemm;

import dev.kiln.DType;
import dev.kiln.spi.View;
import dev.kiln.spi.fused.LinearKernel;

/**
 * {@code out = input @ weight^T + bias} on the GEMM: the weight is read through its transposed strides (no
 * copy), the bias is written into {@code out} first and the product accumulated onto it. float32 and float64;
 * other dtypes are declined.
 */
public final class Linear implements LinearKernel {
    private final Matmul matmul;

    /** @param matmul the backend's GEMM entry (its species, pool and storage access) */
    public Linear(Matmul matmul) { this.matmul = matmul; }

    @Override
    public boolean linear(View input, View weight, View bias, View out) {
        if (input.rank() != 2 || weight.rank() != 2 || out.rank() != 2 || (bias != null && bias.rank() != 1)) {
            throw new IllegalArgumentException("linear: expects input [N, K], weight [M, K], bias [M] or null, out [N, M], got "
                    + input + ", " + weight + ", " + bias + ", " + out);
        }
        int n = input.shape()[0], k = input.shape()[1], m = weight.shape()[0];
        if (weight.shape()[1] != k || out.shape()[0] != n || out.shape()[1] != m || (bias != null && bias.shape()[0] != m)) {
            throw new IllegalArgumentException("linear: shapes do not match input [N, K], weight [M, K], bias [M], out [N, M]: "
                    + input + ", " + weight + ", " + bias + ", " + out);
        }
        DType t = out.dtype();
        if (input.dtype() != t || weight.dtype() != t || (bias != null && bias.dtype() != t)) return false;
        if (t == DType.FLOAT32) {
            FloatMatrix c = matmul.floatMatrix(out, 0, 1);
            if (bias != null) {
                FloatMatrix b = FloatMatrix.of(matmul.segment(bias.storage()), bias.offset(), 0, bias.strides()[0]);
                FloatGemm.broadcastRow(n, m, b, c);
            }
            matmul.floatGemm().gemm(n, m, k, matmul.floatMatrix(input, 0, 1), matmul.floatMatrix(weight, 1, 0), c, bias != null);
            return true;
        }
        if (t == DType.FLOAT64) {
            DoubleMatrix c = matmul.doubleMatrix(out, 0, 1);
            if (bias != null) {
                DoubleMatrix b = DoubleMatrix.of(matmul.segment(bias.storage()), bias.offset(), 0, bias.strides()[0]);
                DoubleGemm.broadcastRow(n, m, b, c);
            }
            matmul.doubleGemm().gemm(n, m, k, matmul.doubleMatrix(input, 0, 1), matmul.doubleMatrix(weight, 1, 0), c, bias != null);
            return true;
        }
        return false;
    }
}

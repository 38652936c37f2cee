package dev.kiln.plugins.simd;

import dev.kiln.spi.View;
import dev.kiln.spi.host.HostMatmulKernel;

/**
 * Batched matrix product: float32 and float64 on the packed, register-tiled GEMM of the gemm package
 * ({@link SimdContext#gemm()}), every other dtype on the reference loop ({@link HostMatmulKernel}).
 */
final class MatmulKernel {
    private MatmulKernel() {}

    static void matmul(SimdContext ctx, View a, View b, View out) {
        if (ctx.gemm().matmul(a, b, out)) return;
        HostMatmulKernel.matmul(SimdStorage::segment, a, b, out);
    }
}

package dev.kiln.plugins.simd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fused kernels the simd backend offers through {@link SimdBackend#fused(Class)}: a map from a
 * kernel interface of {@code dev.kiln.spi.fused} to the instance implementing it. The gemm package
 * ({@code dev.kiln.plugins.simd.gemm}: linear, conv2d) and the fused package
 * ({@code dev.kiln.plugins.simd.fused}: softmax, cross_entropy, max_pool2d, SGD and Adam steps) add
 * one line each here, {@code m.put(Interface.class, new Impl(ctx))}; each kernel declines (returns
 * false) what it does not handle, and core then composes the op from primitives.
 */
final class FusedKernels {
    private FusedKernels() {}

    /** The fused kernels of one backend, sharing its width and pool. */
    static Map<Class<?>, Object> create(SimdContext ctx) {
        Map<Class<?>, Object> m = new LinkedHashMap<>();
        m.put(dev.kiln.spi.fused.LinearKernel.class, new dev.kiln.plugins.simd.gemm.Linear(ctx.gemm()));
        m.put(dev.kiln.spi.fused.Conv2dKernel.class, new dev.kiln.plugins.simd.gemm.Conv2d(ctx.gemm()));
        dev.kiln.plugins.simd.fused.SimdFusedKernels.addTo(m, new dev.kiln.plugins.simd.fused.FusedEnv(ctx.bits(),
                (n, grain, body) -> ctx.parallel().forRange(n, grain, body::run),
                s -> SimdStorage.of(s, "simd fused kernel").segment()));
        return m;
    }
}

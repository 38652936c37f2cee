package dev.kiln.plugins.simd.fused;

import dev.kiln.spi.fused.AdamStepKernel;
import dev.kiln.spi.fused.CrossEntropyKernel;
import dev.kiln.spi.fused.MaxPool2dKernel;
import dev.kiln.spi.fused.SgdStepKernel;
import dev.kiln.spi.fused.SoftmaxKernel;

import java.util.Map;

/** The fused kernels of this package, for the SIMD backend's map of fused kernels. */
public final class SimdFusedKernels {
    private SimdFusedKernels() {}

    /** Puts softmax, cross_entropy, max_pool2d, SGD and Adam kernels sharing {@code env} into {@code kernels}. */
    public static void addTo(Map<Class<?>, Object> kernels, FusedEnv env) {
        kernels.put(SoftmaxKernel.class, new SimdSoftmax(env));
        kernels.put(CrossEntropyKernel.class, new SimdCrossEntropy(env));
        kernels.put(MaxPool2dKernel.class, new SimdMaxPool2d(env));
        kernels.put(SgdStepKernel.class, new SimdSgdStep(env));
        kernels.put(AdamStepKernel.class, new SimdAdamStep(env));
    }
}

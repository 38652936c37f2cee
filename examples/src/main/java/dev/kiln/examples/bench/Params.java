package dev.kiln.examples.bench;

import dev.kiln.Kiln;
import dev.kiln.Tensor;

import java.util.List;

/** Parameters as PyTorch initialises {@code nn.Linear} and {@code nn.Conv2d}: uniform in ±1/sqrt(fan_in), requiring grad. */
final class Params {
    private Params() {}

    /** {@code U(-bound, bound)} of {@code shape}, a leaf that requires grad. */
    static Tensor uniform(double bound, int... shape) {
        Tensor t;
        try (var off = Kiln.noGrad()) {
            t = Tensor.rand(shape).mul(2 * bound).sub(bound);
        }
        return t.requiresGrad(true);
    }

    /** Weight {@code [out, in]} and bias {@code [out]} of a Linear layer. */
    static List<Tensor> linear(int in, int out) {
        double bound = 1 / Math.sqrt(in);
        return List.of(uniform(bound, out, in), uniform(bound, out));
    }

    /** Weight {@code [out, in, k, k]} and bias {@code [out]} of a Conv2d layer. */
    static List<Tensor> conv(int in, int out, int k) {
        double bound = 1 / Math.sqrt((double) in * k * k);
        return List.of(uniform(bound, out, in, k, k), uniform(bound, out));
    }
}

package dev.kiln.examples.bench;

import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.layers.Linear;
import dev.kiln.nn.F;
import dev.kiln.optim.SGD;

/**
 * {@code torch_figures.py}'s overhead group, in grad mode on 1 thread: {@code tiny_add} (a + b on two
 * 1-element float32 tensors that do not require grad) and {@code linear10_step} (zero_grad,
 * cross_entropy(linear(x)), backward, SGD step on a Linear(10, 10) with batch 1). {@code zeroGrad(false)} zeroes
 * the gradients in place, as PyTorch 1.13's {@code zero_grad()} (the version the figures are taken with).
 */
final class OverheadBench {
    private OverheadBench() {}

    static void run(BenchContext ctx) {
        try (KilnRuntime rt = ctx.open(1)) {
            Figures out = ctx.figures(rt);
            Tensor a = Tensor.randn(1);
            Tensor b = Tensor.randn(1);
            out.put("tiny_add", Timer.timeit(() -> KernelBenches.sink = a.add(b)) * 1e6, "us");

            Linear lin = new Linear(10, 10);
            SGD opt = new SGD(lin.parameters(), 0.01);
            Tensor x = Tensor.randn(1, 10);
            Tensor y = Tensor.of(new long[] {3});
            Runnable step = () -> {
                opt.zeroGrad(false);
                F.crossEntropy(lin.forward(x), y).backward();
                opt.step();
            };
            out.put("linear10_step", Timer.timeit(step) * 1e6, "us");
        }
    }
}

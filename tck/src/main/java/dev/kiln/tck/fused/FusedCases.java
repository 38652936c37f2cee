package dev.kiln.tck.fused;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.nn.F;
import dev.kiln.spi.fused.AdamStepKernel;
import dev.kiln.spi.fused.Conv2dKernel;
import dev.kiln.spi.fused.CrossEntropyKernel;
import dev.kiln.spi.fused.LinearKernel;
import dev.kiln.spi.fused.MaxPool2dKernel;
import dev.kiln.spi.fused.SgdStepKernel;
import dev.kiln.spi.fused.SoftmaxKernel;
import dev.kiln.tck.fused.FusedCase.Named;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static dev.kiln.tck.fused.FusedInputs.leaf;
import static dev.kiln.tck.fused.FusedInputs.targets;
import static dev.kiln.tck.fused.FusedInputs.ties;
import static dev.kiln.tck.fused.FusedInputs.uniform;

/**
 * The representative inputs of each fused kernel, in float64 and float32: small and awkward sizes (1, 7, 13,
 * 31, 257, 4099: a vector body and a scalar tail at any width), non-contiguous inputs (transposed, permuted),
 * ties for max_pool2d, every reduction of cross_entropy, bias or not; each forward and its gradients through
 * backward. The optimizer steps run two or three updates with every option.
 */
public final class FusedCases {
    private FusedCases() {}

    /** The cases of the kernels in {@code kernels}, grouped by kernel in the order of the contracts. */
    public static List<FusedCase> of(Set<Class<?>> kernels) {
        List<FusedCase> all = new ArrayList<>();
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            if (kernels.contains(SoftmaxKernel.class)) softmax(all, dt);
            if (kernels.contains(CrossEntropyKernel.class)) crossEntropy(all, dt);
            if (kernels.contains(MaxPool2dKernel.class)) maxPool(all, dt);
            if (kernels.contains(LinearKernel.class)) linear(all, dt);
            if (kernels.contains(Conv2dKernel.class)) conv(all, dt);
            if (kernels.contains(SgdStepKernel.class)) sgd(all, dt);
            if (kernels.contains(AdamStepKernel.class)) adam(all, dt);
        }
        return all;
    }

    private static void add(List<FusedCase> all, String name, String op, Class<?> kernel, DType dt, Supplier<List<Named>> run) {
        all.add(new FusedCase(name + " " + dt.torchName(), op, kernel, dt, run));
    }

    /** The output and the gradient of every leaf after {@code y.backward(upstream)}, upstream fixed. */
    static List<Named> withGrads(Tensor y, Tensor... leaves) {
        List<Named> r = new ArrayList<>();
        r.add(new Named("output", y.toDoubleArray()));
        y.backward(uniform(99, y.dtype(), -1, 1, y.shape()));
        for (int i = 0; i < leaves.length; i++) r.add(new Named("grad of input " + i, leaves[i].grad().toDoubleArray()));
        return r;
    }

    private static void softmax(List<FusedCase> all, DType dt) {
        int[][] shapes = {{7, 13}, {3, 4099}, {1, 1}, {64, 1000}, {5, 31}};
        for (int[] s : shapes) {
            for (boolean log : new boolean[] {false, true}) {
                String op = log ? "log_softmax" : "softmax";
                add(all, op + " dim -1 " + Arrays.toString(s), op, SoftmaxKernel.class, dt, () -> {
                    Tensor x = leaf(uniform(s[1], dt, -6, 6, s));
                    return withGrads(log ? x.logSoftmax(-1) : x.softmax(-1), x);
                });
            }
        }
        add(all, "softmax dim 1 [2, 5, 3, 4]", "softmax", SoftmaxKernel.class, dt, () -> {
            Tensor x = leaf(uniform(3, dt, -4, 4, 2, 5, 3, 4));
            return withGrads(x.softmax(1), x);
        });
        add(all, "log_softmax dim 0 [257, 3]", "log_softmax", SoftmaxKernel.class, dt, () -> {
            Tensor x = leaf(uniform(4, dt, -4, 4, 257, 3));
            return withGrads(x.logSoftmax(0), x);
        });
        add(all, "softmax dim 1 of a transposed [13, 7]", "softmax", SoftmaxKernel.class, dt, () -> {
            Tensor x = leaf(uniform(5, dt, -4, 4, 13, 7));
            return withGrads(x.t().softmax(1), x);
        });
    }

    private static void crossEntropy(List<FusedCase> all, DType dt) {
        int[][] shapes = {{5, 10}, {1, 3}, {33, 257}, {4, 1}};
        for (int[] s : shapes) {
            for (F.Reduction red : F.Reduction.values()) {
                add(all, "cross_entropy " + Arrays.toString(s) + " " + red.name().toLowerCase(), "cross_entropy",
                        CrossEntropyKernel.class, dt, () -> {
                            Tensor x = leaf(uniform(s[1] + 7, dt, -5, 5, s));
                            return withGrads(F.crossEntropy(x, targets(s[0], s[0], s[1]), red), x);
                        });
            }
        }
        add(all, "cross_entropy of transposed logits [10, 6]", "cross_entropy", CrossEntropyKernel.class, dt, () -> {
            Tensor x = leaf(uniform(8, dt, -5, 5, 10, 6));
            return withGrads(F.crossEntropy(x.t(), targets(9, 6, 10)), x);
        });
    }

    private static void maxPool(List<FusedCase> all, DType dt) {
        int[][] geometries = {{2, 2, 0}, {3, 2, 1}, {3, 1, 1}, {5, 3, 2}};
        for (int[] g : geometries) {
            add(all, "max_pool2d [2, 3, 9, 11] kernel " + g[0] + " stride " + g[1] + " padding " + g[2], "max_pool2d",
                    MaxPool2dKernel.class, dt, () -> {
                        Tensor x = leaf(ties(g[0] * 10L + g[1], dt, 2, 3, 9, 11));
                        Tensor.ValuesIndices r = F.maxPool2dWithIndices(x, g[0], g[1], g[2]);
                        List<Named> out = new ArrayList<>(withGrads(r.values(), x));
                        out.add(new Named("indices", r.indices().toDoubleArray()));
                        return out;
                    });
        }
        add(all, "max_pool2d unbatched [3, 8, 8] kernel 2", "max_pool2d", MaxPool2dKernel.class, dt, () -> {
            Tensor x = leaf(uniform(11, dt, -3, 3, 3, 8, 8));
            return withGrads(F.maxPool2d(x, 2), x);
        });
        add(all, "max_pool2d of a permuted [2, 7, 7, 3] (channels last)", "max_pool2d", MaxPool2dKernel.class, dt, () -> {
            Tensor x = leaf(uniform(12, dt, -3, 3, 2, 7, 7, 3));
            return withGrads(F.maxPool2d(x.permute(0, 3, 1, 2), 3, 2, 1), x);
        });
    }

    private static void linear(List<FusedCase> all, DType dt) {
        int[][] dims = {{4, 7, 5}, {1, 1, 1}, {13, 31, 257}, {3, 257, 7}};
        for (int[] d : dims) {
            for (boolean bias : new boolean[] {true, false}) {
                add(all, "linear [" + d[0] + ", " + d[1] + "] x [" + d[2] + ", " + d[1] + "]" + (bias ? " + bias" : ""),
                        "linear", LinearKernel.class, dt, () -> {
                            Tensor x = leaf(uniform(d[0], dt, -1, 1, d[0], d[1]));
                            Tensor w = leaf(uniform(d[1], dt, -1, 1, d[2], d[1]));
                            Tensor b = bias ? leaf(uniform(d[2], dt, -1, 1, d[2])) : null;
                            return bias ? withGrads(F.linear(x, w, b), x, w, b) : withGrads(F.linear(x, w, null), x, w);
                        });
            }
        }
        add(all, "linear [2, 3, 13] x transposed weight", "linear", LinearKernel.class, dt, () -> {
            Tensor x = leaf(uniform(21, dt, -1, 1, 2, 3, 13));
            Tensor w = leaf(uniform(22, dt, -1, 1, 13, 6));
            Tensor b = leaf(uniform(23, dt, -1, 1, 6));
            return withGrads(F.linear(x, w.t(), b), x, w, b);
        });
    }

    private static void conv(List<FusedCase> all, DType dt) {
        int[][] cases = {
            // N, C, H, W, O, kH, kW, stride, padding, bias
            {2, 3, 9, 9, 4, 3, 3, 1, 1, 1},
            {2, 3, 9, 9, 4, 3, 3, 2, 0, 0},
            {1, 1, 5, 7, 2, 2, 3, 1, 0, 1},
            {3, 6, 12, 12, 16, 5, 5, 1, 2, 1},
        };
        for (int[] c : cases) {
            add(all, "conv2d [" + c[0] + ", " + c[1] + ", " + c[2] + ", " + c[3] + "] weight [" + c[4] + ", " + c[1] + ", "
                    + c[5] + ", " + c[6] + "] stride " + c[7] + " padding " + c[8] + (c[9] == 1 ? " + bias" : ""),
                    "conv2d", Conv2dKernel.class, dt, () -> {
                        Tensor x = leaf(uniform(c[2], dt, -1, 1, c[0], c[1], c[2], c[3]));
                        Tensor w = leaf(uniform(c[4], dt, -1, 1, c[4], c[1], c[5], c[6]));
                        Tensor b = c[9] == 1 ? leaf(uniform(c[5], dt, -1, 1, c[4])) : null;
                        Tensor y = F.conv2d(x, w, b, c[7], c[8]);
                        return b == null ? withGrads(y, x, w) : withGrads(y, x, w, b);
                    });
        }
        add(all, "conv2d unbatched [3, 8, 8]", "conv2d", Conv2dKernel.class, dt, () -> {
            Tensor x = leaf(uniform(31, dt, -1, 1, 3, 8, 8));
            Tensor w = leaf(uniform(32, dt, -1, 1, 2, 3, 3, 3));
            return withGrads(F.conv2d(x, w, null), x, w);
        });
        add(all, "conv2d of a permuted input (channels last)", "conv2d", Conv2dKernel.class, dt, () -> {
            Tensor x = leaf(uniform(33, dt, -1, 1, 2, 6, 6, 3));
            Tensor w = leaf(uniform(34, dt, -1, 1, 4, 3, 3, 3));
            Tensor b = leaf(uniform(35, dt, -1, 1, 4));
            return withGrads(F.conv2d(x.permute(0, 3, 1, 2), w, b, 1, 1), x, w, b);
        });
    }

    private static void sgd(List<FusedCase> all, DType dt) {
        // momentum, dampening, weight decay, nesterov
        double[][] options = {{0, 0, 0, 0}, {0.9, 0, 0, 0}, {0.9, 0.1, 1e-2, 0}, {0.9, 0, 1e-2, 1}, {0, 0, 1e-2, 0}};
        for (int len : new int[] {1, 7, 257, 4099}) {
            for (double[] o : options) {
                add(all, "sgd step [" + len + "] momentum " + o[0] + " dampening " + o[1] + " weight_decay " + o[2]
                        + (o[3] == 1 ? " nesterov" : ""), "sgd_step", SgdStepKernel.class, dt, () ->
                        OptimizerSteps.sgd(dt, len, 0.05, o[0], o[1], o[2], o[3] == 1));
            }
        }
    }

    private static void adam(List<FusedCase> all, DType dt) {
        for (int len : new int[] {1, 7, 257, 4099}) {
            for (int variant = 0; variant < 4; variant++) {
                boolean decoupled = variant == 2;
                boolean amsgrad = variant == 3;
                double wd = variant == 0 ? 0 : 1e-2;
                add(all, "adam step [" + len + "]" + (decoupled ? " adamw" : "") + (amsgrad ? " amsgrad" : "")
                        + " weight_decay " + wd, "adam_step", AdamStepKernel.class, dt, () ->
                        OptimizerSteps.adam(dt, len, 1e-2, 0.9, 0.999, 1e-8, wd, decoupled, amsgrad));
            }
        }
    }
}

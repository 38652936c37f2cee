package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.nn.F;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.View;
import dev.kiln.spi.fused.Conv2dKernel;
import dev.kiln.spi.fused.CrossEntropyKernel;
import dev.kiln.spi.fused.LinearKernel;
import dev.kiln.spi.fused.MaxPool2dKernel;
import dev.kiln.spi.fused.SoftmaxKernel;

import java.util.Arrays;

/**
 * softmax, linear, conv2d, max_pool2d and the losses, composed from primitive kernels, each with its
 * derivative. An op that is one node in PyTorch computes its forward with grad mode off and records that
 * one node under PyTorch's name; its derivative is written with differentiable tensor ops so that it can
 * be differentiated again.
 */
public final class NnOps {
    private NnOps() {}

    private static void requireFloat(String op, TensorImpl t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point tensor, got " + t.dtype().torchName()
                    + "; convert with .to(DType.FLOAT32)");
        }
    }

    public static Tensor softmax(TensorImpl x, int dim) {
        requireFloat("softmax", x);
        int d = Shapes.wrapDim("softmax", dim, x.dim());
        Tensor y = softmaxForward(x, d, false);
        // d softmax: y * (g - sum(g * y))
        return Autograd.record("SoftmaxBackward0", y, Autograd.inputs(x), Autograd.saved(y), (g, s) -> {
            TensorImpl sy = s.get(0);
            return Autograd.grads(sy.mul(g.sub(g.mul(sy).sum(d, true))));
        });
    }

    public static Tensor logSoftmax(TensorImpl x, int dim) {
        requireFloat("log_softmax", x);
        int d = Shapes.wrapDim("log_softmax", dim, x.dim());
        return recordLogSoftmax(x, d, softmaxForward(x, d, true));
    }

    /** Records {@code y = log_softmax(x, d)} as one {@code LogSoftmaxBackward0} node (its derivative, written once). */
    private static Tensor recordLogSoftmax(TensorImpl x, int d, Tensor y) {
        // d log_softmax: g - exp(y) * sum(g)
        return Autograd.record("LogSoftmaxBackward0", y, Autograd.inputs(x), Autograd.saved(y), (g, s) ->
                Autograd.grads(g.sub(s.get(0).exp().mul(g.sum(d, true)))));
    }

    /** softmax or log_softmax over {@code d} without recording: the backend's fused kernel, else composed. */
    private static Tensor softmaxForward(TensorImpl x, int d, boolean log) {
        try (var off = GradMode.disable()) {
            SoftmaxKernel k = x.dim() == 0 || x.numel() == 0 ? null : FusedKernels.get(x.backend(), SoftmaxKernel.class);
            if (k != null) {
                TensorImpl out = TensorImpl.allocate(x.backend(), x.dtype(), x.shape());
                if (FusedKernels.note(SoftmaxKernel.class, k.softmax(x.spiView(), d, log, out.spiView()))) return out;
            }
            Tensor shifted = x.sub(x.amax(new int[] {d}, true));
            if (log) return shifted.sub(shifted.exp().sum(d, true).log());
            Tensor e = shifted.exp();
            return e.div(e.sum(d, true));
        }
    }

    /**
     * {@code input @ weight^T + bias}. With autograd and an input of rank 2 or more this is PyTorch's graph:
     * one {@code AddmmBackward0} node over {@code (bias, input, weight.t())} ({@code MmBackward0} over
     * {@code (input, weight.t())} without bias), the input folded to 2-D by a reshape and the result viewed
     * back for ranks above 2. A 1-D input is {@code input.matmul(weight.t())} plus {@code bias}, as in PyTorch.
     * The forward values are the same in every case.
     */
    public static Tensor linear(TensorImpl input, TensorImpl weight, TensorImpl bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out_features, in_features], got "
                    + Shapes.str(weight.shapeRef()));
        }
        int in = input.dim() == 0 ? -1 : input.shapeRef()[input.dim() - 1];
        if (in != weight.shapeRef()[1]) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(input.shapeRef()) + " and weight "
                    + Shapes.str(weight.shapeRef()) + " cannot be multiplied: in_features of the weight ("
                    + weight.shapeRef()[1] + ") must equal the input's last dimension (" + in + ")");
        }
        int out = weight.shapeRef()[0];
        if (bias != null && (bias.dim() != 1 || bias.shapeRef()[0] != out)) {
            throw new IllegalArgumentException("linear: bias must have shape [" + out + "], got " + Shapes.str(bias.shapeRef()));
        }
        if (input.dim() == 1) {
            Tensor y = input.matmul(weight.t());
            return bias == null ? y : y.add(bias);
        }
        Tensor y = linearForward(input, weight, bias);
        if (!Autograd.needsGrad(input, weight, bias)) return y;
        int[] outShape = y.shape();
        int rows = Math.toIntExact(Shapes.numel(Arrays.copyOf(input.shapeRef(), input.dim() - 1)));
        boolean flat = input.dim() == 2;
        Tensor x2 = flat ? input : input.reshape(rows, in);
        Tensor wt = weight.t();
        Tensor y2 = flat ? y : y.reshape(rows, out);
        Tensor r;
        if (bias == null) {
            r = Autograd.record("MmBackward0", y2, Autograd.inputs(x2, wt), Autograd.saved(x2, wt), (g, s) -> Autograd.grads(
                    s.needs(0) ? g.mm(s.get(1).t()) : null,
                    s.needs(1) ? weightTGrad(g, s.get(0)) : null));
        } else {
            int[] biasShape = bias.shape();
            r = Autograd.record("AddmmBackward0", y2, Autograd.inputs(bias, x2, wt), Autograd.saved(x2, wt), (g, s) -> Autograd.grads(
                    s.needs(0) ? Autograd.sumTo(g, biasShape) : null,
                    s.needs(1) ? g.mm(s.get(1).t()) : null,
                    s.needs(2) ? weightTGrad(g, s.get(0)) : null));
        }
        return flat ? r : r.view(outShape);
    }

    /**
     * The gradient of {@code weight.t()} in {@code x @ weight.t()}: {@code x^T @ g}, computed as
     * {@code (g^T @ x)^T} so that after {@code TBackward0} the weight's gradient arrives contiguous in the
     * weight's own {@code [out, in]} layout (accumulating into {@code .grad} and optimizer steps then run on
     * contiguous memory). Same products and sums as {@code x^T @ g}.
     */
    private static Tensor weightTGrad(Tensor g, Tensor x) {
        return g.t().mm(x).t();
    }

    /**
     * {@code input @ weight^T + bias} for an input of rank 2 or more, without recording: the backend's fused
     * {@link LinearKernel} over the input folded to 2-D when all operands share one backend and dtype, else
     * composed (matmul and add, which also give the errors for mismatched operands).
     */
    private static Tensor linearForward(TensorImpl input, TensorImpl weight, TensorImpl bias) {
        try (var off = GradMode.disable()) {
            LinearKernel k = FusedKernels.get(input.backend(), LinearKernel.class);
            if (k != null && input.numel() > 0 && input.dtype().isFloatingPoint() && sameKind(input, weight)
                    && (bias == null || sameKind(input, bias))) {
                int[] is = input.shapeRef();
                int in = is[is.length - 1];
                int rows = Math.toIntExact(input.numel() / in);
                int out = weight.shapeRef()[0];
                TensorImpl x2 = is.length == 2 ? input : (TensorImpl) input.reshape(rows, in);
                TensorImpl y = TensorImpl.allocate(input.backend(), input.dtype(), new int[] {rows, out});
                if (FusedKernels.note(LinearKernel.class, k.linear(x2.spiView(), weight.spiView(),
                        bias == null ? null : bias.spiView(), y.spiView()))) {
                    if (is.length == 2) return y;
                    int[] outShape = is.clone();
                    outShape[is.length - 1] = out;
                    return y.view(outShape);
                }
            }
            Tensor y = input.matmul(weight.t());
            return bias == null ? y : y.add(bias);
        }
    }

    /** Same backend and dtype: what a fused kernel's operands need. */
    private static boolean sameKind(TensorImpl a, TensorImpl b) {
        return a.backend() == b.backend() && a.dtype() == b.dtype();
    }

    /**
     * 2-D convolution over im2col and one batched matmul. Recorded as one {@code ConvolutionBackward0} node
     * over {@code (input, weight, bias)} (bias null when absent); an unbatched {@code [C, H, W]} input is
     * unsqueezed before and the result squeezed after, as in PyTorch. The backward uses the differentiable
     * {@link Im2ColOps}: {@code grad_input = col2im(W^T @ g)}, {@code grad_weight = sum_n g @ cols^T},
     * {@code grad_bias = g.sum(0, 2, 3)}.
     */
    public static Tensor conv2d(TensorImpl input, TensorImpl weight, TensorImpl bias, int[] stride, int[] padding) {
        boolean unbatched = input.dim() == 3;
        if ((input.dim() != 3 && input.dim() != 4) || weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected input [N, C, H, W] (or [C, H, W]) and weight [O, C, kH, kW], got "
                    + Shapes.str(input.shapeRef()) + " and " + Shapes.str(weight.shapeRef()));
        }
        Elementwise.sameBackend("conv2d", input, weight);
        if (input.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("conv2d: input type (" + input.dtype().torchName() + ") and weight type ("
                    + weight.dtype().torchName() + ") should be the same");
        }
        requireFloat("conv2d", input);
        TensorImpl x = unbatched ? (TensorImpl) input.unsqueeze(0) : input;
        int[] xs = x.shapeRef();
        int[] ws = weight.shape();
        if (xs[1] != ws[1]) {
            throw new IllegalArgumentException("conv2d: weight of size " + Shapes.str(ws) + " expected input "
                    + Shapes.str(input.shapeRef()) + " to have " + ws[1] + " channels, but got " + xs[1] + " channels instead");
        }
        Im2Col g = new Im2Col(xs[1], xs[2], xs[3], ws[2], ws[3], stride[0], stride[1], padding[0], padding[1], 1, 1, 0);
        if (g.outH() <= 0 || g.outW() <= 0) {
            throw new IllegalArgumentException("conv2d: calculated output size (" + g.outH() + " x " + g.outW()
                    + ") is too small for input " + Shapes.str(xs) + ", kernel (" + ws[2] + ", " + ws[3] + "), stride "
                    + stride[0] + ", padding " + padding[0]);
        }
        int n = xs[0];
        int o = ws[0];
        if (bias != null && (bias.dim() != 1 || bias.shapeRef()[0] != o)) {
            throw new IllegalArgumentException("conv2d: bias must have shape [" + o + "], got " + Shapes.str(bias.shapeRef()));
        }
        Tensor y = null;
        Conv2dKernel fused = FusedKernels.get(x.backend(), Conv2dKernel.class);
        if (fused != null && (bias != null && !sameKind(x, bias))) fused = null;
        if (fused != null && x.numel() > 0 && weight.numel() > 0) {
            TensorImpl out = TensorImpl.allocate(x.backend(), x.dtype(), new int[] {n, o, g.outH(), g.outW()});
            if (FusedKernels.note(Conv2dKernel.class, fused.forward(x.spiView(), weight.spiView(),
                    bias == null ? null : bias.spiView(), g, out.spiView()))) y = out;
        }
        if (y == null) try (var off = GradMode.disable()) {
            TensorImpl cols = TensorImpl.allocate(x.backend(), x.dtype(), new int[] {n, g.colRows(), g.colCols()});
            Dispatch.im2col("conv2d", x.backend(), x.spiView(), g, cols.spiView());
            // weight [O, CKK] broadcast over the batch: one batched matmul
            TensorImpl w = (TensorImpl) weight.reshape(o, g.colRows());
            View wv = new View(w.ref().storage(), w.dtype(), w.storageOffset(), new int[] {n, o, g.colRows()},
                    new long[] {0, w.stridesRef()[0], w.stridesRef()[1]});
            TensorImpl out = TensorImpl.allocate(x.backend(), x.dtype(), new int[] {n, o, g.outH(), g.outW()});
            View ov = new View(out.ref().storage(), out.dtype(), 0, new int[] {n, o, g.colCols()},
                    new long[] {(long) o * g.colCols(), g.colCols(), 1});
            Dispatch.matmul("conv2d", x.backend(), wv, cols.spiView(), ov);
            y = bias == null ? out : out.add(bias.view(1, o, 1, 1));
        }
        int ckk = g.colRows();
        int l = g.colCols();
        y = Autograd.record("ConvolutionBackward0", y, Autograd.inputs(x, weight, bias), Autograd.saved(x, weight), (grad, s) -> {
            TensorImpl sx = s.get(0);
            TensorImpl sw = s.get(1);
            // the fused backward passes only where the gradients need no graph of their own (no create_graph)
            Conv2dKernel k = Autograd.needsGrad(grad, sx, sw) ? null : FusedKernels.get(sx.backend(), Conv2dKernel.class);
            TensorImpl gr = TensorImpl.of(grad);
            if (k != null && !(sameKind(gr, sx) && sameKind(sx, sw))) k = null;
            Tensor gi = null;
            Tensor gw = null;
            if (k != null && s.needs(0)) {
                TensorImpl t = TensorImpl.allocate(sx.backend(), sx.dtype(), sx.shape());
                if (FusedKernels.note(Conv2dKernel.class, k.backwardInput(gr.spiView(), sw.spiView(), g, t.spiView()))) gi = t;
            }
            if (k != null && s.needs(1)) {
                TensorImpl t = TensorImpl.allocate(sw.backend(), sw.dtype(), ws);
                if (FusedKernels.note(Conv2dKernel.class, k.backwardWeight(gr.spiView(), sx.spiView(), g, t.spiView()))) gw = t;
            }
            Tensor g3 = (s.needs(0) && gi == null) || (s.needs(1) && gw == null) ? grad.reshape(n, o, l) : null;
            if (s.needs(0) && gi == null) gi = Im2ColOps.col2im(sw.reshape(o, ckk).t().matmul(g3), g);
            if (s.needs(1) && gw == null) gw = g3.matmul(Im2ColOps.im2col(sx, g).transpose(1, 2)).sum(0).reshape(ws);
            Tensor gb = s.needs(2) ? grad.sum(new int[] {0, 2, 3}, false) : null;
            return Autograd.grads(gi, gw, gb);
        });
        return unbatched ? y.squeeze(0) : y;
    }

    /**
     * 2-D max pooling with the flat {@code H*W} index of every maximum. The values are recorded as one
     * {@code MaxPool2DWithIndicesBackward0} node over the input (batched or not, as PyTorch); its backward
     * scatter-adds the gradient at the indices into zeros, so it is differentiable too.
     */
    public static Tensor.ValuesIndices maxPool2d(TensorImpl input, int kernel, int stride, int padding) {
        Tensor.ValuesIndices r;
        try (var off = GradMode.disable()) {
            r = maxPool2dForward(input, kernel, stride, padding);
        }
        int[] inShape = input.shape();
        Tensor values = Autograd.record("MaxPool2DWithIndicesBackward0", r.values(), Autograd.inputs(input),
                Autograd.saved(r.indices()), (g, s) -> Autograd.grads(s.needs(0) ? maxPool2dBackward(g, s.get(0), inShape) : null));
        return new Tensor.ValuesIndices(values, r.indices());
    }

    /** {@code zeros(input).flatten(-2).scatterAdd(-1, indices.flatten(-2), g.flatten(-2))}, shaped as the input. */
    private static Tensor maxPool2dBackward(Tensor grad, Tensor indices, int[] inShape) {
        int r = inShape.length;
        int[] flatIn = Arrays.copyOf(inShape, r - 1);
        flatIn[r - 2] = inShape[r - 2] * inShape[r - 1];
        int[] gs = grad.shape();
        int[] flatOut = Arrays.copyOf(gs, r - 1);
        flatOut[r - 2] = gs[r - 2] * gs[r - 1];
        TensorImpl gi = TensorImpl.of(grad);
        TensorImpl zeros = Elementwise.zeros(gi, flatIn);
        return zeros.scatterAdd(r - 2, indices.reshape(flatOut), grad.reshape(flatOut)).reshape(inShape);
    }

    private static Tensor.ValuesIndices maxPool2dForward(TensorImpl input, int kernel, int stride, int padding) {
        boolean unbatched = input.dim() == 3;
        TensorImpl x = unbatched ? (TensorImpl) input.unsqueeze(0) : input;
        if (x.dim() != 4) {
            throw new IllegalArgumentException("max_pool2d: expected a 3-D or 4-D input, got " + Shapes.str(input.shapeRef()));
        }
        if (kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("max_pool2d: kernel_size and stride must be >= 1 and padding >= 0, got kernel_size="
                    + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        if (padding > kernel / 2) {
            throw new IllegalArgumentException("max_pool2d: pad should be at most half of effective kernel size, but got pad="
                    + padding + ", kernel_size=" + kernel);
        }
        int[] xs = x.shapeRef();
        int n = xs[0], c = xs[1], h = xs[2], w = xs[3];
        Im2Col g = new Im2Col(c, h, w, kernel, kernel, stride, stride, padding, padding, 1, 1, Double.NEGATIVE_INFINITY);
        if (g.outH() <= 0 || g.outW() <= 0) {
            throw new IllegalArgumentException("max_pool2d: output size is too small for input " + Shapes.str(xs)
                    + " with kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        MaxPool2dKernel k = FusedKernels.get(x.backend(), MaxPool2dKernel.class);
        if (k != null && x.numel() > 0) {
            int[] os = {n, c, g.outH(), g.outW()};
            TensorImpl out = TensorImpl.allocate(x.backend(), x.dtype(), os);
            TensorImpl idx = TensorImpl.allocate(x.backend(), DType.INT64, os);
            if (FusedKernels.note(MaxPool2dKernel.class, k.maxPool2d(x.spiView(), kernel, stride, padding, out.spiView(), idx.spiView()))) {
                return unbatched ? new Tensor.ValuesIndices(out.squeeze(0), idx.squeeze(0)) : new Tensor.ValuesIndices(out, idx);
            }
        }
        int kk = kernel * kernel;
        int l = g.colCols();
        TensorImpl cols = TensorImpl.allocate(x.backend(), x.dtype(), new int[] {n, g.colRows(), l});
        Dispatch.im2col("max_pool2d", x.backend(), x.spiView(), g, cols.spiView());
        TensorImpl windows = (TensorImpl) cols.view(n, c, kk, l);
        TensorImpl values = Reductions.reduce("max_pool2d", ReduceOp.MAX, windows, new int[] {2}, false, x.dtype());
        TensorImpl which = Reductions.reduce("max_pool2d", ReduceOp.ARGMAX, windows, new int[] {2}, true, DType.INT64);
        // the flat H*W input position of every window element, unfolded the same way, then picked by the argmax
        TensorImpl positions = (TensorImpl) Tensor.arange(0, (double) h * w, 1, new dev.kiln.TensorOptions(DType.INT64, x.device()))
                .view(1, 1, h, w);
        Im2Col pg = new Im2Col(1, h, w, kernel, kernel, stride, stride, padding, padding, 1, 1, -1);
        TensorImpl posCols = TensorImpl.allocate(x.backend(), DType.INT64, new int[] {1, kk, l});
        Dispatch.im2col("max_pool2d", x.backend(), positions.spiView(), pg, posCols.spiView());
        TensorImpl posExpanded = (TensorImpl) posCols.view(1, 1, kk, l).expand(n, c, kk, l);
        TensorImpl indices = (TensorImpl) IndexingOps.gather(posExpanded, 2, which).view(n, c, g.outH(), g.outW());
        Tensor v = values.view(n, c, g.outH(), g.outW());
        return unbatched ? new Tensor.ValuesIndices(v.squeeze(0), indices.squeeze(0)) : new Tensor.ValuesIndices(v, indices);
    }

    private static Tensor reduce(Tensor perElement, F.Reduction reduction) {
        return switch (reduction) {
            case NONE -> perElement;
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
        };
    }

    /** Mean squared error; one {@code MseLossBackward0} node over {@code (input, target)}. */
    public static Tensor mseLoss(TensorImpl input, TensorImpl target, F.Reduction reduction) {
        requireFloat("mse_loss", input);
        Tensor out;
        long count;
        try (var off = GradMode.disable()) {
            Tensor diff = input.sub(target);
            count = diff.numel();
            out = reduce(diff.mul(diff), reduction);
        }
        double norm = reduction == F.Reduction.MEAN ? 2.0 / count : 2.0;
        int[] inShape = input.shape();
        int[] targetShape = target.shape();
        // PyTorch's mse_loss_backward: (input - target) * norm * grad
        return Autograd.record("MseLossBackward0", out, Autograd.inputs(input, target), Autograd.saved(input, target), (g, s) -> {
            Tensor gi = s.get(0).sub(s.get(1)).mul(norm).mul(g);
            return Autograd.grads(s.needs(0) ? Autograd.sumTo(gi, inShape) : null,
                                  s.needs(1) ? Autograd.sumTo(gi.neg(), targetShape) : null);
        });
    }

    /**
     * Negative log likelihood at int64 class targets; one {@code NllLossBackward0} node over the input (the
     * target takes no gradient, as in PyTorch).
     */
    public static Tensor nllLoss(TensorImpl input, TensorImpl target, F.Reduction reduction) {
        requireFloat("nll_loss", input);
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("nll_loss: expected target of dtype int64 (class indices), got "
                    + target.dtype().torchName());
        }
        boolean single = input.dim() == 1;
        TensorImpl in = single ? (TensorImpl) input.unsqueeze(0) : input;
        TensorImpl tg = single ? (TensorImpl) target.reshape(1) : target;
        if (in.dim() != 2 || tg.dim() != 1 || tg.shapeRef()[0] != in.shapeRef()[0]) {
            throw new IllegalArgumentException("nll_loss: expected input [N, C] and target [N], got input "
                    + Shapes.str(input.shapeRef()) + " and target " + Shapes.str(target.shapeRef()));
        }
        int classes = in.shapeRef()[1];
        checkTargets(tg, classes);
        Tensor out;
        try (var off = GradMode.disable()) {
            Tensor picked = in.gather(1, tg.unsqueeze(1)).squeeze(1).neg();
            Tensor r = reduce(picked, reduction);
            out = single && reduction == F.Reduction.NONE ? r.squeeze(0) : r;
        }
        return recordNll(input, tg, out, reduction, in.shapeRef()[0], classes);
    }

    /** Refuses a class index outside {@code [0, classes)}, as nll_loss. */
    private static void checkTargets(TensorImpl tg, int classes) {
        if (tg.numel() > 0) {
            long lo = tg.min().itemLong();
            long hi = tg.max().itemLong();
            if (lo < 0 || hi >= classes) {
                throw new IndexOutOfBoundsException("nll_loss: target " + (lo < 0 ? lo : hi) + " is out of bounds for "
                        + classes + " classes (valid: 0.." + (classes - 1) + ")");
            }
        }
    }

    /**
     * Records {@code out = nll_loss(input, tg)} ({@code input} [N, C] or [C], {@code tg} [N]) as one
     * {@code NllLossBackward0} node over the input (its derivative, written once).
     */
    private static Tensor recordNll(TensorImpl input, TensorImpl tg, Tensor out, F.Reduction reduction, int n, int classes) {
        int[] inShape = input.shape();
        // -grad (per sample, divided by N for the mean) scattered into zeros at the target classes
        return Autograd.record("NllLossBackward0", out, Autograd.inputs(input), Autograd.saved(tg), (g, s) -> {
            if (!s.needs(0)) return Autograd.grads((Tensor) null);
            Tensor perSample = switch (reduction) {
                case NONE -> g.reshape(n);
                case MEAN -> g.div(n).expand(n);
                case SUM -> g.expand(n);
            };
            TensorImpl gi = TensorImpl.of(g);
            TensorImpl zeros = Elementwise.zeros(gi, new int[] {n, classes});
            Tensor grad = zeros.scatterAdd(1, s.get(0).unsqueeze(1), perSample.neg().unsqueeze(1));
            return Autograd.grads(grad.reshape(inShape));
        });
    }

    /**
     * {@code nll_loss(log_softmax(input))} for class indices, so the graph is {@code NllLossBackward0} over
     * {@code LogSoftmaxBackward0} as in PyTorch; probability targets are composed from differentiable ops.
     */
    public static Tensor crossEntropy(TensorImpl input, TensorImpl target, F.Reduction reduction) {
        requireFloat("cross_entropy", input);
        int classDim = input.dim() == 1 ? 0 : 1;
        if (input.dim() == 2 && target.dtype() == DType.INT64) {
            Tensor fused = fusedCrossEntropy(input, target, reduction);
            if (fused != null) return fused;
        }
        Tensor logp = input.logSoftmax(classDim);
        if (target.dtype().isFloatingPoint()) {
            // class probabilities
            if (!Arrays.equals(target.shapeRef(), input.shapeRef())) {
                throw new IllegalArgumentException("cross_entropy: probability targets must have the input's shape "
                        + Shapes.str(input.shapeRef()) + ", got " + Shapes.str(target.shapeRef()));
            }
            Tensor perSample = logp.mul(target).sum(classDim).neg();
            return reduce(perSample, reduction);
        }
        return nllLoss((TensorImpl) logp, target, reduction);
    }

    /**
     * cross_entropy of {@code input [N, C]} at int64 class indices {@code [N]} through the backend's fused
     * {@link CrossEntropyKernel}, recorded as the composed form is ({@code NllLossBackward0} over
     * {@code LogSoftmaxBackward0}, which saves the kernel's log-probabilities); null when the backend has no
     * such kernel, it declines, or the operands do not fit it.
     */
    private static Tensor fusedCrossEntropy(TensorImpl input, TensorImpl target, F.Reduction reduction) {
        CrossEntropyKernel k = FusedKernels.get(input.backend(), CrossEntropyKernel.class);
        int[] is = input.shapeRef();
        if (k == null || input.numel() == 0 || target.dim() != 1 || target.shapeRef()[0] != is[0]
                || target.backend() != input.backend()) {
            return null;
        }
        checkTargets(target, is[1]);
        TensorImpl logp = TensorImpl.allocate(input.backend(), input.dtype(), new int[] {is[0], is[1]});
        TensorImpl losses = TensorImpl.allocate(input.backend(), input.dtype(), new int[] {is[0]});
        if (!FusedKernels.note(CrossEntropyKernel.class, k.crossEntropy(input.spiView(), target.spiView(),
                logp.spiView(), losses.spiView()))) {
            return null;
        }
        TensorImpl lp = TensorImpl.of(recordLogSoftmax(input, 1, logp));
        Tensor out;
        try (var off = GradMode.disable()) {
            out = reduce(losses, reduction);
        }
        return recordNll(lp, target, out, reduction, is[0], is[1]);
    }
}

package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.nn.F;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.View;

/** softmax, linear, conv2d, max_pool2d and the losses, composed from primitive kernels. */
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
        Tensor shifted = x.sub(x.amax(new int[] {d}, true));
        Tensor e = shifted.exp();
        return e.div(e.sum(d, true));
    }

    public static Tensor logSoftmax(TensorImpl x, int dim) {
        requireFloat("log_softmax", x);
        int d = Shapes.wrapDim("log_softmax", dim, x.dim());
        Tensor shifted = x.sub(x.amax(new int[] {d}, true));
        return shifted.sub(shifted.exp().sum(d, true).log());
    }

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
        Tensor y = input.matmul(weight.t());
        if (bias == null) return y;
        if (bias.dim() != 1 || bias.shapeRef()[0] != weight.shapeRef()[0]) {
            throw new IllegalArgumentException("linear: bias must have shape [" + weight.shapeRef()[0] + "], got "
                    + Shapes.str(bias.shapeRef()));
        }
        return y.add(bias);
    }

    public static Tensor conv2d(TensorImpl input, TensorImpl weight, TensorImpl bias, int[] stride, int[] padding) {
        boolean unbatched = input.dim() == 3;
        TensorImpl x = unbatched ? (TensorImpl) input.unsqueeze(0) : input;
        if (x.dim() != 4 || weight.dim() != 4) {
            throw new IllegalArgumentException("conv2d: expected input [N, C, H, W] (or [C, H, W]) and weight [O, C, kH, kW], got "
                    + Shapes.str(input.shapeRef()) + " and " + Shapes.str(weight.shapeRef()));
        }
        Elementwise.sameBackend("conv2d", x, weight);
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("conv2d: input type (" + x.dtype().torchName() + ") and weight type ("
                    + weight.dtype().torchName() + ") should be the same");
        }
        requireFloat("conv2d", x);
        int[] xs = x.shapeRef();
        int[] ws = weight.shapeRef();
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
        Tensor y = out;
        if (bias != null) {
            if (bias.dim() != 1 || bias.shapeRef()[0] != o) {
                throw new IllegalArgumentException("conv2d: bias must have shape [" + o + "], got " + Shapes.str(bias.shapeRef()));
            }
            y = y.add(bias.view(1, o, 1, 1));
        }
        return unbatched ? y.squeeze(0) : y;
    }

    public static Tensor.ValuesIndices maxPool2d(TensorImpl input, int kernel, int stride, int padding) {
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

    public static Tensor mseLoss(TensorImpl input, TensorImpl target, F.Reduction reduction) {
        requireFloat("mse_loss", input);
        Tensor diff = input.sub(target);
        return reduce(diff.mul(diff), reduction);
    }

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
        if (tg.numel() > 0) {
            long lo = tg.min().itemLong();
            long hi = tg.max().itemLong();
            if (lo < 0 || hi >= classes) {
                throw new IndexOutOfBoundsException("nll_loss: target " + (lo < 0 ? lo : hi) + " is out of bounds for "
                        + classes + " classes (valid: 0.." + (classes - 1) + ")");
            }
        }
        Tensor picked = in.gather(1, tg.unsqueeze(1)).squeeze(1).neg();
        Tensor r = reduce(picked, reduction);
        return single && reduction == F.Reduction.NONE ? r.squeeze(0) : r;
    }

    public static Tensor crossEntropy(TensorImpl input, TensorImpl target, F.Reduction reduction) {
        requireFloat("cross_entropy", input);
        int classDim = input.dim() == 1 ? 0 : 1;
        Tensor logp = input.logSoftmax(classDim);
        if (target.dtype().isFloatingPoint()) {
            // class probabilities
            if (!java.util.Arrays.equals(target.shapeRef(), input.shapeRef())) {
                throw new IllegalArgumentException("cross_entropy: probability targets must have the input's shape "
                        + Shapes.str(input.shapeRef()) + ", got " + Shapes.str(target.shapeRef()));
            }
            Tensor perSample = logp.mul(target).sum(classDim).neg();
            return reduce(perSample, reduction);
        }
        return nllLoss((TensorImpl) logp, target, reduction);
    }
}

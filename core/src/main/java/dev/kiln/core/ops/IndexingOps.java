package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.InPlace;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.View;

/**
 * gather, scatter, scatter_add and one_hot over the gather/scatter kernels, with their derivatives
 * (the index is never differentiable and gets no edge, as in PyTorch; one_hot is integer).
 */
public final class IndexingOps {
    private IndexingOps() {}

    private static void checkIndex(String op, TensorImpl self, int dim, TensorImpl index, TensorImpl src) {
        Elementwise.sameBackend(op, self, index);
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + "(): Expected dtype int64 for index, got " + index.dtype().torchName());
        }
        int r = Math.max(self.dim(), 1);
        if (Math.max(index.dim(), 1) != r) {
            throw new IllegalArgumentException(op + "(): Index tensor must have the same number of dimensions as "
                    + (src == null ? "input" : "self") + " tensor (index " + Shapes.str(index.shapeRef()) + ", self "
                    + Shapes.str(self.shapeRef()) + ")");
        }
        for (int d = 0; d < index.dim(); d++) {
            int is = index.shapeRef()[d];
            if (d != dim && self.dim() > 0 && is > self.shapeRef()[d]) {
                throw new IllegalArgumentException(op + "(): Size does not match at dimension " + d + " expected index "
                        + Shapes.str(index.shapeRef()) + " to be smaller than self " + Shapes.str(self.shapeRef())
                        + " apart from dimension " + dim);
            }
            if (src != null && src.dim() > 0 && is > src.shapeRef()[d]) {
                throw new IllegalArgumentException(op + "(): Expected index " + Shapes.str(index.shapeRef())
                        + " to be smaller than src " + Shapes.str(src.shapeRef()) + " at dimension " + d);
            }
        }
    }

    /** 0-d operands act as 1-element 1-D ones, as in PyTorch. */
    private static TensorImpl atLeast1d(TensorImpl t) {
        return t.dim() == 0 ? t.withLayout(new int[] {1}, new long[] {1}, t.storageOffset()) : t;
    }

    public static Tensor gather(TensorImpl self, int dim, TensorImpl index) {
        int d = Shapes.wrapDim("gather", dim, self.dim());
        checkIndex("gather", self, d, index, null);
        TensorImpl out = TensorImpl.allocate(self.backend(), self.dtype(), index.shapeRef());
        if (out.numel() > 0) {
            Dispatch.gather("gather", self.backend(), atLeast1d(self).spiView(), d, atLeast1d(index).spiView(),
                    atLeast1d(out).spiView());
        }
        int[] in = self.shape();
        return Autograd.record("GatherBackward0", out, Autograd.inputs(self), Autograd.saved(index),
                (g, s) -> Autograd.grads(Elementwise.zeros(TensorImpl.of(g), in).scatterAdd(d, s.get(0), g)));
    }

    /**
     * scatter_ / scatter_add_ (in place) and scatter_add (out of place) with a source tensor. In place goes
     * through autograd's in-place rules; out of place records ScatterBackward0 / ScatterAddBackward0.
     */
    public static Tensor scatter(String op, TensorImpl self, int dim, TensorImpl index, TensorImpl src,
                                 boolean add, boolean inPlace) {
        int d = Shapes.wrapDim(op, dim, self.dim());
        checkIndex(op, self, d, index, src);
        Elementwise.sameBackend(op, self, src);
        if (!inPlace) return scatterOutOfPlace(op, self, d, index, src, add);
        Elementwise.checkWritable(op, self);
        return InPlace.apply(op, self, new Tensor[] {index, src}, t -> scatterOutOfPlace(op, t, d, index, src, add),
                () -> scatterRaw(op, self, d, index, src, add));
    }

    /** The out-of-place scatter, recorded: self's gradient where nothing was written over it, src's gathered. */
    private static TensorImpl scatterOutOfPlace(String op, TensorImpl self, int d, TensorImpl index, TensorImpl src,
                                                boolean add) {
        TensorImpl out = ShapeOps.copyOf(self);
        scatterRaw(op, out, d, index, src, add);
        int[] selfShape = self.shape();
        int[] srcShape = src.shape();
        return Autograd.record(add ? "ScatterAddBackward0" : "ScatterBackward0", out, Autograd.inputs(self, src),
                Autograd.saved(index), (g, s) -> Autograd.grads(
                        s.needs(0) ? (add ? g : keepUnwritten(g, d, s.get(0))) : null,
                        s.needs(1) ? srcGrad(g.gather(d, s.get(0)), srcShape) : null));
    }

    /** Writes src into target at index (SET or ADD), bumping target's version. */
    private static void scatterRaw(String op, TensorImpl target, int d, TensorImpl index, TensorImpl src, boolean add) {
        TensorImpl s = Conversion.cast(src, target.dtype());
        TensorImpl idx = atLeast1d(index);
        View srcView = new View(s.ref().storage(), s.dtype(), s.storageOffset(), idx.shapeRef(),
                s.dim() == 0 ? new long[idx.dim()] : s.stridesRef());
        if (index.numel() > 0) {
            Dispatch.scatter(op, target.backend(), add ? ScatterMode.ADD : ScatterMode.SET, atLeast1d(target).spiView(), d,
                    idx.spiView(), srcView);
        }
        target.ref().bumpVersion();
    }

    /** scatter_ with a scalar value (ScatterBackward1 under autograd). */
    public static Tensor scatterValue(TensorImpl self, int dim, TensorImpl index, double value) {
        String op = "scatter_";
        int d = Shapes.wrapDim(op, dim, self.dim());
        TensorImpl c = Elementwise.constant(self.backend(), self.dtype(), value);
        TensorImpl expanded = c.withLayout(index.shape(), new long[index.dim()], c.storageOffset());
        checkIndex(op, self, d, index, expanded);
        Elementwise.checkWritable(op, self);
        return InPlace.apply(op, self, new Tensor[] {index}, t -> {
            TensorImpl out = ShapeOps.copyOf(t);
            scatterRaw(op, out, d, index, expanded, false);
            return Autograd.record("ScatterBackward1", out, Autograd.inputs(t), Autograd.saved(index),
                    (g, s) -> Autograd.grads(keepUnwritten(g, d, s.get(0))));
        }, () -> scatterRaw(op, self, d, index, expanded, false));
    }

    /** {@code g} with zeros where a scatter along {@code d} at {@code index} wrote over the input (differentiable in g). */
    private static Tensor keepUnwritten(Tensor g, int d, TensorImpl index) {
        TensorImpl gi = TensorImpl.of(g);
        TensorImpl mask = Elementwise.full(gi.backend(), gi.dtype(), gi.shapeRef(), 1);
        TensorImpl zero = Elementwise.zeros(gi, index.shapeRef());
        scatterRaw("scatter_backward", mask, d, index, zero, false);
        return g.mul(mask);
    }

    /**
     * The source's gradient: the output's gradient gathered at the index, placed into zeros where the source
     * is larger than the index (those elements were never read).
     */
    private static Tensor srcGrad(Tensor gathered, int[] srcShape) {
        int[] gs = gathered.shape();
        if (java.util.Arrays.equals(gs, srcShape)) return gathered;
        if (srcShape.length == 0) return Autograd.sumTo(gathered, srcShape);
        return ViewGrads.embed("SliceBackwardBackward0", gathered, srcShape, t -> {
            Tensor v = t;
            for (int k = 0; k < gs.length; k++) if (gs[k] != srcShape[k]) v = v.narrow(k, 0, gs[k]);
            return v;
        });
    }

    public static Tensor oneHot(TensorImpl labels, int numClasses) {
        if (labels.dtype() != DType.INT64) {
            throw new IllegalArgumentException("one_hot: is only applicable to index tensor of dtype int64, got "
                    + labels.dtype().torchName());
        }
        int classes = numClasses;
        if (labels.numel() > 0) {
            long min = ((TensorImpl) labels.min()).itemLong();
            long max = ((TensorImpl) labels.max()).itemLong();
            if (min < 0) throw new IllegalArgumentException("one_hot: class values must be non-negative, got " + min);
            if (classes < 0) classes = Math.toIntExact(max + 1);
            else if (max >= classes) {
                throw new IllegalArgumentException("one_hot: class values must be smaller than num_classes (" + classes
                        + "), got " + max);
            }
        } else if (classes < 0) {
            throw new IllegalArgumentException("one_hot: can not infer total number of classes from empty tensor");
        }
        int[] shape = java.util.Arrays.copyOf(labels.shapeRef(), labels.dim() + 1);
        shape[labels.dim()] = classes;
        TensorImpl out = TensorImpl.allocate(labels.backend(), DType.INT64, shape);
        Dispatch.fill("one_hot", out.backend(), out.spiView(), 0);
        if (labels.numel() == 0) return out;
        return scatterValue(out, -1, (TensorImpl) labels.unsqueeze(-1), 1);
    }
}

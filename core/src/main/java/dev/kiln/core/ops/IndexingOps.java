package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.View;

/** gather, scatter, scatter_add and one_hot over the gather/scatter kernels. */
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
        return out;
    }

    /** scatter_ / scatter_add_ (in place) and scatter_add (on a copy) with a source tensor. */
    public static Tensor scatter(String op, TensorImpl self, int dim, TensorImpl index, TensorImpl src,
                                 boolean add, boolean inPlace) {
        int d = Shapes.wrapDim(op, dim, self.dim());
        checkIndex(op, self, d, index, src);
        Elementwise.sameBackend(op, self, src);
        if (inPlace) Elementwise.checkWritable(op, self);
        TensorImpl target = inPlace ? self : ShapeOps.copyOf(self);
        TensorImpl s = Conversion.cast(src, self.dtype());
        TensorImpl idx = atLeast1d(index);
        View srcView = new View(s.ref().storage(), s.dtype(), s.storageOffset(), idx.shapeRef(),
                s.dim() == 0 ? new long[idx.dim()] : s.stridesRef());
        if (index.numel() > 0) {
            Dispatch.scatter(op, self.backend(), add ? ScatterMode.ADD : ScatterMode.SET, atLeast1d(target).spiView(), d,
                    idx.spiView(), srcView);
        }
        target.ref().bumpVersion();
        return target;
    }

    /** scatter_ with a scalar value. */
    public static Tensor scatterValue(TensorImpl self, int dim, TensorImpl index, double value) {
        TensorImpl c = Elementwise.constant(self.backend(), self.dtype(), value);
        TensorImpl expanded = (TensorImpl) c.expand(index.shapeRef());
        return scatter("scatter_", self, dim, index, expanded, false, true);
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

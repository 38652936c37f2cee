package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.ReduceOp;

/** Reductions over dims (sum, mean, prod, max, min, amax, argmax), composed over the reduce kernel. */
public final class Reductions {
    private Reductions() {}

    /** Reduces {@code in} over wrapped, sorted {@code axes} into a new tensor of dtype {@code outType}. */
    static TensorImpl reduce(String op, ReduceOp r, TensorImpl in, int[] axes, boolean keepdim, DType outType) {
        int[] shape = in.shapeRef();
        int[] kept = shape.clone();
        for (int a : axes) kept[a] = 1;
        TensorImpl out = TensorImpl.allocate(in.backend(), outType, kept);
        TensorImpl src = Conversion.cast(in, r.isIndex() ? in.dtype() : outType);
        if (in.numel() == 0 && (r == ReduceOp.SUM || r == ReduceOp.PROD)) {
            Dispatch.fill(op, in.backend(), out.spiView(), r == ReduceOp.SUM ? 0 : 1);
        } else if (out.numel() > 0) {
            Dispatch.reduce(op, in.backend(), r, src.spiView(), axes, out.spiView());
        }
        return keepdim ? out : dropAxes(out, axes);
    }

    /** A view of a keepdim result without the reduced axes. */
    static TensorImpl dropAxes(TensorImpl t, int[] axes) {
        int[] shape = t.shapeRef();
        long[] strides = t.stridesRef();
        int n = shape.length - axes.length;
        int[] s = new int[n];
        long[] st = new long[n];
        int j = 0;
        outer:
        for (int d = 0; d < shape.length; d++) {
            for (int a : axes) if (a == d) continue outer;
            s[j] = shape[d];
            st[j++] = strides[d];
        }
        return t.withLayout(s, st, t.storageOffset());
    }

    private static DType accumulateType(DType d) {
        return d == DType.BOOL || d.isIntegral() ? DType.INT64 : d;
    }

    public static Tensor sum(TensorImpl a, int[] dims, boolean keepdim) {
        int[] axes = Shapes.wrapDims("sum", dims, a.dim());
        return reduce("sum", ReduceOp.SUM, a, axes, keepdim, accumulateType(a.dtype()));
    }

    public static Tensor prod(TensorImpl a, int[] dims, boolean keepdim) {
        int[] axes = Shapes.wrapDims("prod", dims, a.dim());
        return reduce("prod", ReduceOp.PROD, a, axes, keepdim, accumulateType(a.dtype()));
    }

    public static Tensor mean(TensorImpl a, int[] dims, boolean keepdim) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point "
                    + "or complex dtype. Got: " + a.dtype().torchName());
        }
        int[] axes = Shapes.wrapDims("mean", dims, a.dim());
        long count = 1;
        for (int ax : axes) count *= a.shapeRef()[ax];
        TensorImpl s = reduce("mean", ReduceOp.SUM, a, axes, keepdim, a.dtype());
        return s.div((double) count);
    }

    private static void checkNonEmpty(String op, TensorImpl a, int[] axes) {
        for (int ax : axes) {
            if (a.shapeRef()[ax] == 0) {
                throw new IllegalArgumentException(op + "(): expected reduction dim " + ax + " to have non-zero size; shape "
                        + Shapes.str(a.shapeRef()));
            }
        }
        if (a.numel() == 0 && axes.length == a.dim()) {
            throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument.");
        }
    }

    public static Tensor amax(TensorImpl a, int[] dims, boolean keepdim, boolean max) {
        String op = max ? "amax" : "amin";
        int[] axes = Shapes.wrapDims(op, dims, a.dim());
        checkNonEmpty(op, a, axes);
        return reduce(op, max ? ReduceOp.MAX : ReduceOp.MIN, a, axes, keepdim, a.dtype());
    }

    public static Tensor extreme(String op, TensorImpl a, boolean max) {
        int[] axes = Shapes.wrapDims(op, null, a.dim());
        checkNonEmpty(op, a, axes);
        return reduce(op, max ? ReduceOp.MAX : ReduceOp.MIN, a, axes, false, a.dtype());
    }

    public static Tensor.ValuesIndices extremeDim(String op, TensorImpl a, int dim, boolean keepdim, boolean max) {
        int[] axes = {Shapes.wrapDim(op, dim, a.dim())};
        if (a.dim() == 0) axes = new int[0];
        checkNonEmpty(op, a, axes);
        TensorImpl values = reduce(op, max ? ReduceOp.MAX : ReduceOp.MIN, a, axes, keepdim, a.dtype());
        TensorImpl indices = a.dim() == 0
                ? (TensorImpl) Tensor.zerosLike(a, DType.INT64)
                : reduce(op, max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, a, axes, keepdim, DType.INT64);
        return new Tensor.ValuesIndices(values, indices);
    }

    public static Tensor argExtreme(String op, TensorImpl a, Integer dim, boolean keepdim, boolean max) {
        ReduceOp r = max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN;
        if (dim == null) {
            TensorImpl flat = (TensorImpl) a.reshape(-1);
            checkNonEmpty(op, flat, new int[] {0});
            TensorImpl idx = reduce(op, r, flat, new int[] {0}, false, DType.INT64);
            if (!keepdim) return idx;
            int[] ones = new int[a.dim()];
            java.util.Arrays.fill(ones, 1);
            return idx.reshape(ones);
        }
        if (a.dim() == 0) {
            Shapes.wrapDim(op, dim, 0);
            return Tensor.zerosLike(a, DType.INT64);
        }
        int[] axes = {Shapes.wrapDim(op, dim, a.dim())};
        checkNonEmpty(op, a, axes);
        return reduce(op, r, a, axes, keepdim, DType.INT64);
    }
}

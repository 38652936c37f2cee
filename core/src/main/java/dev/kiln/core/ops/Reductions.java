package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
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

    // ---- derivative helpers ----

    /** The shape of a keepdim result: {@code shape} with the reduced axes set to 1. */
    private static int[] keptShape(int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int ax : axes) kept[ax] = 1;
        return kept;
    }

    /** A reduction's gradient (or result) brought back to the input's shape: reshaped to keepdim form, then broadcast. */
    private static Tensor expandBack(Tensor g, int[] kept, int[] shape) {
        return g.reshape(kept).expand(shape);
    }

    /** "XBackward0" for a reduction over all dims, "XBackward1" over given dims, as PyTorch names them. */
    private static String nodeName(String base, int[] dims) { return base + (dims == null ? "Backward0" : "Backward1"); }

    public static Tensor sum(TensorImpl a, int[] dims, boolean keepdim) {
        int[] axes = Shapes.wrapDims("sum", dims, a.dim());
        TensorImpl out = reduce("sum", ReduceOp.SUM, a, axes, keepdim, accumulateType(a.dtype()));
        int[] shape = a.shape();
        int[] kept = keptShape(shape, axes);
        return Autograd.record(nodeName("Sum", dims), out, Autograd.inputs(a),
                (g, s) -> Autograd.grads(expandBack(g, kept, shape)));
    }

    public static Tensor prod(TensorImpl a, int[] dims, boolean keepdim) {
        int[] axes = Shapes.wrapDims("prod", dims, a.dim());
        TensorImpl out = reduce("prod", ReduceOp.PROD, a, axes, keepdim, accumulateType(a.dtype()));
        int[] shape = a.shape();
        int[] kept = keptShape(shape, axes);
        return Autograd.record(dims == null ? "ProdBackward0" : "ProdBackward1", out, Autograd.inputs(a), Autograd.saved(a, out),
                (g, s) -> Autograd.grads(prodGrad(expandBack(g, kept, shape), s.get(0), expandBack(s.get(1), kept, shape), axes, kept, shape)));
    }

    /**
     * d prod / d x_i = the product of the other elements. Without zeros that is prod / x_i; with exactly one
     * zero in a reduced group only the zero gets a gradient (the product of the non-zeros); with two or more, none does.
     */
    private static Tensor prodGrad(Tensor g, Tensor x, Tensor prod, int[] axes, int[] kept, int[] shape) {
        Tensor isZero = x.eq(0);
        Tensor zeros = Tensor.zerosLike(x);
        Tensor safe = Tensor.where(isZero, Tensor.onesLike(x), x);
        Tensor zeroCount = expandBack(isZero.to(x.dtype()).sum(axes, true), kept, shape);
        Tensor nonZeroProd = expandBack(prodAll(safe, axes), kept, shape);
        Tensor noZero = prod.div(safe);
        Tensor oneZero = Tensor.where(isZero, nonZeroProd, zeros);
        Tensor other = Tensor.where(zeroCount.eq(0), noZero, Tensor.where(zeroCount.eq(1), oneZero, zeros));
        return g.mul(other);
    }

    /** The product over several axes, one axis at a time (differentiable). */
    private static Tensor prodAll(Tensor x, int[] axes) {
        Tensor r = x;
        for (int ax : axes) r = r.prod(ax, true);
        return r;
    }

    public static Tensor mean(TensorImpl a, int[] dims, boolean keepdim) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a floating point "
                    + "or complex dtype. Got: " + a.dtype().torchName());
        }
        int[] axes = Shapes.wrapDims("mean", dims, a.dim());
        long count = 1;
        for (int ax : axes) count *= a.shapeRef()[ax];
        Tensor out;
        try (var off = GradMode.disable()) {
            out = reduce("mean", ReduceOp.SUM, a, axes, keepdim, a.dtype()).div((double) count);
        }
        int[] shape = a.shape();
        int[] kept = keptShape(shape, axes);
        double n = count;
        return Autograd.record(nodeName("Mean", dims), out, Autograd.inputs(a),
                (g, s) -> Autograd.grads(expandBack(g, kept, shape).div(n)));
    }

    /**
     * The gradient of a max/min-style reduction that picks its value: shared evenly among the elements equal
     * to the result (PyTorch's evenly_distribute_backward for amax/amin and max()/min()).
     */
    private static Tensor evenlyDistributed(String name, TensorImpl out, TensorImpl a, int[] axes) {
        int[] shape = a.shape();
        int[] kept = keptShape(shape, axes);
        return Autograd.record(name, out, Autograd.inputs(a), Autograd.saved(a, out), (g, s) -> {
            Tensor x = s.get(0);
            Tensor hit = x.eq(expandBack(s.get(1), kept, shape)).to(x.dtype());
            Tensor count = expandBack(hit.sum(axes, true), kept, shape);
            return Autograd.grads(expandBack(g, kept, shape).mul(hit).div(count));
        });
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
        TensorImpl out = reduce(op, max ? ReduceOp.MAX : ReduceOp.MIN, a, axes, keepdim, a.dtype());
        return Autograd.needsGrad(a) ? evenlyDistributed(max ? "AmaxBackward0" : "AminBackward0", out, a, axes) : out;
    }

    public static Tensor extreme(String op, TensorImpl a, boolean max) {
        int[] axes = Shapes.wrapDims(op, null, a.dim());
        checkNonEmpty(op, a, axes);
        TensorImpl out = reduce(op, max ? ReduceOp.MAX : ReduceOp.MIN, a, axes, false, a.dtype());
        return Autograd.needsGrad(a) ? evenlyDistributed(max ? "MaxBackward1" : "MinBackward1", out, a, axes) : out;
    }

    public static Tensor.ValuesIndices extremeDim(String op, TensorImpl a, int dim, boolean keepdim, boolean max) {
        int[] axes = {Shapes.wrapDim(op, dim, a.dim())};
        if (a.dim() == 0) axes = new int[0];
        checkNonEmpty(op, a, axes);
        TensorImpl values = reduce(op, max ? ReduceOp.MAX : ReduceOp.MIN, a, axes, keepdim, a.dtype());
        TensorImpl indices = a.dim() == 0
                ? (TensorImpl) Tensor.zerosLike(a, DType.INT64)
                : reduce(op, max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, a, axes, keepdim, DType.INT64);
        if (!Autograd.needsGrad(a)) return new Tensor.ValuesIndices(values, indices);
        // the gradient goes to the element the index picked (PyTorch's value_selecting_reduction_backward)
        int[] shape = a.shape();
        int[] kept = keptShape(shape, axes);
        int[] along = new int[shape.length];
        java.util.Arrays.fill(along, 1);
        if (axes.length == 1) along[axes[0]] = shape[axes[0]];
        long n = axes.length == 1 ? shape[axes[0]] : 1;
        Tensor picked = Autograd.record(max ? "MaxBackward0" : "MinBackward0", values, Autograd.inputs(a), Autograd.saved(indices),
                (g, s) -> {
                    Tensor idx = s.get(0).reshape(kept);
                    Tensor positions = Tensor.arange(0, n, 1, new dev.kiln.TensorOptions(DType.INT64, g.device())).reshape(along);
                    Tensor hit = positions.eq(idx).to(g.dtype());
                    return Autograd.grads(expandBack(g, kept, shape).mul(hit));
                });
        return new Tensor.ValuesIndices(picked, indices);
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

package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.View;

import java.util.Arrays;

/** matmul in every torch.matmul form, mm, bmm and dot, over the batched matmul kernel, with their derivatives. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    private static void checkOperands(String op, TensorImpl a, TensorImpl b) {
        Elementwise.sameBackend(op, a, b);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected both operands to have the same dtype, but got "
                    + a.dtype().torchName() + " and " + b.dtype().torchName() + "; convert one with .to(dtype)");
        }
        if (a.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": not implemented for bool tensors; convert with .to(dtype) first");
        }
    }

    /**
     * {@code torch.matmul}. The nodes it records: 1-D @ 1-D is {@code DotBackward0}, 2-D @ 1-D
     * {@code MvBackward0}, 2-D @ 2-D {@code MmBackward0} and 1-D @ 2-D {@code MmBackward0} between an
     * unsqueeze and a squeeze, all as PyTorch. Every batched or broadcast form is one {@code BmmBackward0}
     * node over the operands (a 1-D operand unsqueezed to a matrix first and the result squeezed after),
     * whose derivative un-broadcasts with {@link Autograd#sumTo}; PyTorch instead folds those forms into
     * mm/mv/bmm between expand/reshape views, so its graph there has more nodes (same gradients).
     */
    public static Tensor matmul(TensorImpl a, TensorImpl b) {
        checkOperands("matmul", a, b);
        int ra = a.dim();
        int rb = b.dim();
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: both arguments need to be at least 1D, but they are " + ra + "D and " + rb + "D");
        }
        if (ra == 1 && rb == 1) return dot(a, b);
        int k1 = a.shapeRef()[ra - 1];
        int k2 = rb == 1 ? b.shapeRef()[0] : b.shapeRef()[rb - 2];
        if (k1 != k2) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef())
                    + " cannot be multiplied (" + k1 + " != " + k2 + ")");
        }
        if (ra == 2 && rb == 2) return mmNode("matmul", a, b);
        if (ra == 2 && rb == 1) return mv(a, b);
        if (ra == 1 && rb == 2) return mmNode("matmul", (TensorImpl) a.unsqueeze(0), b).squeeze(-2);
        TensorImpl x = ra == 1 ? (TensorImpl) a.unsqueeze(0) : a;
        TensorImpl y = rb == 1 ? (TensorImpl) b.unsqueeze(-1) : b;
        Tensor out = Autograd.record("BmmBackward0", batched("matmul", x, y), Autograd.inputs(x, y), Autograd.saved(x, y),
                (g, s) -> {
                    TensorImpl sx = s.get(0);
                    TensorImpl sy = s.get(1);
                    return Autograd.grads(
                            s.needs(0) ? Autograd.sumTo(g.matmul(sy.transpose(-1, -2)), sx.shapeRef()) : null,
                            s.needs(1) ? Autograd.sumTo(sx.transpose(-1, -2).matmul(g), sy.shapeRef()) : null);
                });
        if (ra == 1) out = out.squeeze(-2);
        if (rb == 1) out = out.squeeze(-1);
        return out;
    }

    public static Tensor mm(TensorImpl a, TensorImpl b) {
        checkOperands("mm", a, b);
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: expected 2D tensors, but got " + a.dim() + "D and " + b.dim()
                    + "D (shapes " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef()) + "); use matmul for other forms");
        }
        if (a.shapeRef()[1] != b.shapeRef()[0]) {
            throw new IllegalArgumentException("mm: mat1 and mat2 shapes cannot be multiplied (" + a.shapeRef()[0] + "x"
                    + a.shapeRef()[1] + " and " + b.shapeRef()[0] + "x" + b.shapeRef()[1] + ")");
        }
        return mmNode("mm", a, b);
    }

    /** {@code a [n, k] @ b [k, p]}, checked by the caller; recorded as {@code MmBackward0}. */
    private static Tensor mmNode(String op, TensorImpl a, TensorImpl b) {
        return Autograd.record("MmBackward0", batched(op, a, b), Autograd.inputs(a, b), Autograd.saved(a, b),
                (g, s) -> Autograd.grads(s.needs(0) ? g.mm(s.get(1).t()) : null,
                                         s.needs(1) ? s.get(0).t().mm(g) : null));
    }

    /** {@code a [n, k] @ v [k]}, checked by the caller; recorded as {@code MvBackward0}. */
    private static Tensor mv(TensorImpl a, TensorImpl v) {
        Tensor out;
        try (var off = GradMode.disable()) {
            out = batched("matmul", a, (TensorImpl) v.unsqueeze(-1)).squeeze(-1);
        }
        return Autograd.record("MvBackward0", out, Autograd.inputs(a, v), Autograd.saved(a, v),
                (g, s) -> Autograd.grads(s.needs(0) ? g.unsqueeze(1).mm(s.get(1).unsqueeze(0)) : null,
                                         s.needs(1) ? s.get(0).t().matmul(g) : null));
    }

    public static Tensor bmm(TensorImpl a, TensorImpl b) {
        checkOperands("bmm", a, b);
        if (a.dim() != 3 || b.dim() != 3) {
            throw new IllegalArgumentException("bmm: expected 3D tensors, but got " + a.dim() + "D and " + b.dim() + "D");
        }
        if (a.shapeRef()[0] != b.shapeRef()[0] || a.shapeRef()[2] != b.shapeRef()[1]) {
            throw new IllegalArgumentException("bmm: shapes " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef())
                    + " cannot be multiplied (batch sizes must match and " + a.shapeRef()[2] + " must equal " + b.shapeRef()[1] + ")");
        }
        return Autograd.record("BmmBackward0", batched("bmm", a, b), Autograd.inputs(a, b), Autograd.saved(a, b),
                (g, s) -> Autograd.grads(s.needs(0) ? g.bmm(s.get(1).transpose(1, 2)) : null,
                                         s.needs(1) ? s.get(0).transpose(1, 2).bmm(g) : null));
    }

    public static Tensor dot(TensorImpl a, TensorImpl b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        checkOperands("dot", a, b);
        if (a.shapeRef()[0] != b.shapeRef()[0]) {
            throw new IllegalArgumentException("dot: inconsistent tensor size, expected tensor [" + a.shapeRef()[0]
                    + "] and src [" + b.shapeRef()[0] + "] to have the same number of elements, but got "
                    + a.shapeRef()[0] + " and " + b.shapeRef()[0] + " elements respectively");
        }
        Tensor out;
        try (var off = GradMode.disable()) {
            out = batched("dot", (TensorImpl) a.unsqueeze(0), (TensorImpl) b.unsqueeze(-1)).reshape();
        }
        return Autograd.record("DotBackward0", out, Autograd.inputs(a, b), Autograd.saved(a, b),
                (g, s) -> Autograd.grads(s.needs(0) ? g.mul(s.get(1)) : null,
                                         s.needs(1) ? g.mul(s.get(0)) : null));
    }

    /**
     * {@code x [..., n, k] @ y [..., k, p]} with broadcast batch dims: the batch dims are folded into one
     * (as a view when the layout allows, else through a contiguous copy) and the kernel runs once.
     */
    static TensorImpl batched(String op, TensorImpl x, TensorImpl y) {
        try (var off = GradMode.disable()) {
            return batchedRaw(op, x, y);
        }
    }

    private static TensorImpl batchedRaw(String op, TensorImpl x, TensorImpl y) {
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        int n = xs[xs.length - 2];
        int k = xs[xs.length - 1];
        int p = ys[ys.length - 1];
        int[] batch = Shapes.broadcast(op, Arrays.copyOf(xs, xs.length - 2), Arrays.copyOf(ys, ys.length - 2));
        int bsz = Math.toIntExact(Shapes.numel(batch));
        View xv = fold(x, batch, bsz, n, k);
        View yv = fold(y, batch, bsz, k, p);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = n;
        outShape[batch.length + 1] = p;
        TensorImpl out = TensorImpl.allocate(x.backend(), x.dtype(), outShape);
        if (out.numel() == 0) return out;
        if (k == 0) {
            Dispatch.fill(op, out.backend(), out.spiView(), 0);
            return out;
        }
        View ov = new View(out.ref().storage(), out.dtype(), 0, new int[] {bsz, n, p}, new long[] {(long) n * p, p, 1});
        Dispatch.matmul(op, x.backend(), xv, yv, ov);
        return out;
    }

    /** A 3-D [B, rows, cols] view of {@code t} broadcast to {@code batch}. */
    private static View fold(TensorImpl t, int[] batch, int bsz, int rows, int cols) {
        int[] target = Arrays.copyOf(batch, batch.length + 2);
        target[batch.length] = rows;
        target[batch.length + 1] = cols;
        TensorImpl e = (TensorImpl) t.expand(target);
        long[] st = e.stridesRef();
        int r = st.length;
        long[] folded = Shapes.viewStrides(e.shapeRef(), st, new int[] {bsz, rows, cols});
        if (folded == null) {
            TensorImpl c = ShapeOps.copyOf(e);
            return new View(c.ref().storage(), c.dtype(), 0, new int[] {bsz, rows, cols},
                    new long[] {(long) rows * cols, cols, 1});
        }
        return new View(e.ref().storage(), e.dtype(), e.storageOffset(), new int[] {bsz, rows, cols},
                new long[] {folded[0], st[r - 2], st[r - 1]});
    }
}

package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.View;

import java.util.Arrays;

/** matmul in every torch.matmul form, mm, bmm and dot, over the batched matmul kernel. */
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

    public static Tensor matmul(TensorImpl a, TensorImpl b) {
        checkOperands("matmul", a, b);
        int ra = a.dim();
        int rb = b.dim();
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: both arguments need to be at least 1D, but they are " + ra + "D and " + rb + "D");
        }
        if (ra == 1 && rb == 1) return dot(a, b);
        TensorImpl x = ra == 1 ? (TensorImpl) a.unsqueeze(0) : a;
        TensorImpl y = rb == 1 ? (TensorImpl) b.unsqueeze(-1) : b;
        int k1 = x.shapeRef()[x.dim() - 1];
        int k2 = y.shapeRef()[y.dim() - 2];
        if (k1 != k2) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shapeRef()) + " and " + Shapes.str(b.shapeRef())
                    + " cannot be multiplied (" + k1 + " != " + k2 + ")");
        }
        TensorImpl out = batched("matmul", x, y);
        if (ra == 1) out = (TensorImpl) out.squeeze(-2);
        if (rb == 1) out = (TensorImpl) out.squeeze(-1);
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
        return batched("mm", a, b);
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
        return batched("bmm", a, b);
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
        TensorImpl out = batched("dot", (TensorImpl) a.unsqueeze(0), (TensorImpl) b.unsqueeze(-1));
        return out.reshape();
    }

    /**
     * {@code x [..., n, k] @ y [..., k, p]} with broadcast batch dims: the batch dims are folded into one
     * (as a view when the layout allows, else through a contiguous copy) and the kernel runs once.
     */
    static TensorImpl batched(String op, TensorImpl x, TensorImpl y) {
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

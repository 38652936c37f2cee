package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.core.tensor.TypePromotion;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;

/** Elementwise ops with broadcasting and PyTorch's type promotion, composed over the unary/binary/where kernels. */
public final class Elementwise {
    private Elementwise() {}

    // ---- shared checks ----

    /** Fails unless both tensors live on the same backend, naming both devices. */
    public static void sameBackend(String op, TensorImpl a, TensorImpl b) {
        if (a.backend() != b.backend()) {
            throw new IllegalArgumentException(op + ": expected all tensors to be on the same device, but found at least two devices, "
                    + a.device() + " (backend '" + a.backend().name() + "') and " + b.device()
                    + " (backend '" + b.backend().name() + "')");
        }
    }

    /** A 0-d tensor holding {@code value} as {@code dtype} on {@code backend}. */
    public static TensorImpl constant(Backend backend, DType dtype, double value) {
        TensorImpl c = TensorImpl.allocate(backend, dtype, new int[0]);
        Dispatch.fill("constant", backend, c.spiView(), value);
        return c;
    }

    /** The dtype an op computes in for operands promoted to {@code promoted}. */
    private static DType computeType(String op, BinaryOp kind, DType promoted) {
        return switch (kind.category()) {
            case LOGICAL -> DType.BOOL;
            case COMPARISON -> promoted;
            case ARITHMETIC -> {
                if (kind == BinaryOp.DIV && !promoted.isFloatingPoint()) yield DType.FLOAT32;
                if (promoted == DType.BOOL && kind != BinaryOp.MAXIMUM && kind != BinaryOp.MINIMUM && kind != BinaryOp.MUL
                        && kind != BinaryOp.ADD) {
                    throw new IllegalArgumentException(op + ": not supported for bool tensors; convert with .to(DType.INT64) first");
                }
                yield promoted;
            }
        };
    }

    // ---- binary ----

    public static Tensor binary(String op, BinaryOp kind, TensorImpl a, TensorImpl b) {
        sameBackend(op, a, b);
        DType ct = computeType(op, kind, TypePromotion.resultType(a.dtype(), a.dim(), b.dtype(), b.dim()));
        int[] shape = Shapes.broadcast(op, a.shapeRef(), b.shapeRef());
        return run(op, kind, Conversion.cast(a, ct), Conversion.cast(b, ct), shape, ct);
    }

    public static Tensor binary(String op, BinaryOp kind, TensorImpl a, double s) {
        DType ct = computeType(op, kind, TypePromotion.resultType(a.dtype(), s));
        TensorImpl c = constant(a.backend(), ct, s);
        return run(op, kind, Conversion.cast(a, ct), c, a.shapeRef(), ct);
    }

    private static TensorImpl run(String op, BinaryOp kind, TensorImpl a, TensorImpl b, int[] shape, DType ct) {
        TensorImpl out = TensorImpl.allocate(a.backend(), kind.producesBool() ? DType.BOOL : ct, shape);
        if (out.numel() > 0) {
            Dispatch.binary(op, a.backend(), kind, a.expandedView(shape), b.expandedView(shape), out.spiView());
        }
        return out;
    }

    // ---- unary ----

    public static Tensor unary(String op, UnaryOp u, TensorImpl a) {
        DType ct = unaryType(op, u, a.dtype());
        TensorImpl in = Conversion.cast(a, ct);
        TensorImpl out = TensorImpl.allocate(a.backend(), ct, a.shapeRef());
        if (out.numel() > 0) Dispatch.unary(op, a.backend(), u, in.spiView(), out.spiView());
        return out;
    }

    private static DType unaryType(String op, UnaryOp u, DType d) {
        if (u == UnaryOp.LOGICAL_NOT) return DType.BOOL;
        if (u.floatingOnly() && !d.isFloatingPoint()) return DType.FLOAT32;
        if (d == DType.BOOL && (u == UnaryOp.NEG || u == UnaryOp.SIGN)) {
            throw new IllegalArgumentException(op + ": not supported for bool tensors; use logicalNot() instead");
        }
        return d;
    }

    public static Tensor logicalNot(TensorImpl a) {
        return unary("logical_not", UnaryOp.LOGICAL_NOT, Conversion.cast(a, DType.BOOL));
    }

    // ---- in place ----

    /** Refuses in-place writes through a broadcast (stride-0) view, as PyTorch does. */
    public static void checkWritable(String op, TensorImpl self) {
        int[] s = self.shapeRef();
        long[] st = self.stridesRef();
        for (int d = 0; d < s.length; d++) {
            if (st[d] == 0 && s[d] > 1) {
                throw new IllegalArgumentException(op + ": unsupported operation: more than one element of the written-to tensor "
                        + "refers to a single memory location (shape " + Shapes.str(s) + ", stride "
                        + java.util.Arrays.toString(st) + "). Please clone() the tensor before performing the operation.");
            }
        }
    }

    /** Checks an in-place result can be written back into {@code self}, as PyTorch's casting rule. */
    private static void checkInPlace(String op, TensorImpl self, DType result, int[] broadcast) {
        if (!java.util.Arrays.equals(broadcast, self.shapeRef())) {
            throw new IllegalArgumentException(op + ": output with shape " + Shapes.str(self.shapeRef())
                    + " doesn't match the broadcast shape " + Shapes.str(broadcast));
        }
        if (result.kind().ordinal() > self.dtype().kind().ordinal()) {
            throw new IllegalArgumentException(op + ": result type " + result.torchName()
                    + " can't be cast to the desired output type " + self.dtype().torchName());
        }
    }

    public static Tensor inPlace(String op, BinaryOp kind, TensorImpl self, TensorImpl other) {
        sameBackend(op, self, other);
        checkWritable(op, self);
        DType ct = computeType(op, kind, TypePromotion.resultType(self.dtype(), self.dim(), other.dtype(), other.dim()));
        int[] shape = Shapes.broadcast(op, self.shapeRef(), other.shapeRef());
        checkInPlace(op, self, ct, shape);
        // an operand sharing storage with self (other than self's exact view) is read from a copy
        TensorImpl rhs = other.ref() == self.ref() && !other.spiView().equals(self.spiView())
                ? Conversion.contiguousAs(other, other.dtype()) : other;
        return writeBack(op, kind, self, rhs, ct);
    }

    public static Tensor inPlace(String op, BinaryOp kind, TensorImpl self, double s) {
        checkWritable(op, self);
        DType ct = computeType(op, kind, TypePromotion.resultType(self.dtype(), s));
        checkInPlace(op, self, ct, self.shapeRef());
        return writeBack(op, kind, self, constant(self.backend(), ct, s), ct);
    }

    private static Tensor writeBack(String op, BinaryOp kind, TensorImpl self, TensorImpl other, DType ct) {
        int[] shape = self.shapeRef();
        if (self.numel() == 0) return self;
        if (ct == self.dtype()) {
            View out = self.spiView();
            Dispatch.binary(op, self.backend(), kind, out, Conversion.cast(other, ct).expandedView(shape), out);
        } else {
            TensorImpl tmp = run(op, kind, Conversion.cast(self, ct), Conversion.cast(other, ct), shape, ct);
            Dispatch.copy(op, self.backend(), tmp.spiView(), self.spiView());
        }
        self.ref().bumpVersion();
        return self;
    }

    public static Tensor unaryInPlace(String op, UnaryOp u, TensorImpl self) {
        checkWritable(op, self);
        DType ct = unaryType(op, u, self.dtype());
        if (ct != self.dtype()) {
            throw new IllegalArgumentException(op + ": result type " + ct.torchName()
                    + " can't be cast to the desired output type " + self.dtype().torchName());
        }
        if (self.numel() > 0) Dispatch.unary(op, self.backend(), u, self.spiView(), self.spiView());
        self.ref().bumpVersion();
        return self;
    }

    public static Tensor fill_(TensorImpl self, double value) {
        checkWritable("fill_", self);
        if (self.numel() > 0) Dispatch.fill("fill_", self.backend(), self.spiView(), value);
        self.ref().bumpVersion();
        return self;
    }

    /** Copies {@code src} into {@code self}; across devices it goes through host memory, as PyTorch's copy_. */
    public static Tensor copy_(TensorImpl self, TensorImpl src) {
        checkWritable("copy_", self);
        TensorImpl s = src.backend() == self.backend() ? src : Conversion.moveTo(src, self.backend());
        int[] shape = Shapes.broadcast("copy_", self.shapeRef(), s.shapeRef());
        if (!java.util.Arrays.equals(shape, self.shapeRef())) {
            throw new IllegalArgumentException("copy_: source of shape " + Shapes.str(s.shapeRef())
                    + " cannot be broadcast to the destination shape " + Shapes.str(self.shapeRef()));
        }
        if (s.ref() == self.ref()) s = Conversion.contiguousAs(s, s.dtype());
        if (self.numel() > 0) Dispatch.copy("copy_", self.backend(), s.expandedView(shape), self.spiView());
        self.ref().bumpVersion();
        return self;
    }

    // ---- clamp ----

    public static Tensor clamp(TensorImpl a, double min, double max, boolean inPlace) {
        if (Double.isNaN(min) && Double.isNaN(max)) {
            throw new IllegalArgumentException("clamp: at least one of 'min' or 'max' must not be None");
        }
        String op = inPlace ? "clamp_" : "clamp";
        if (inPlace) {
            if (!Double.isNaN(min)) inPlace(op, BinaryOp.MAXIMUM, a, min);
            if (!Double.isNaN(max)) inPlace(op, BinaryOp.MINIMUM, a, max);
            return a;
        }
        TensorImpl r = a;
        if (!Double.isNaN(min)) r = (TensorImpl) binary(op, BinaryOp.MAXIMUM, r, min);
        if (!Double.isNaN(max)) r = (TensorImpl) binary(op, BinaryOp.MINIMUM, r, max);
        return r;
    }

    // ---- where ----

    public static Tensor where(TensorImpl cond, TensorImpl a, TensorImpl b) {
        sameBackend("where", cond, a);
        sameBackend("where", a, b);
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: expected condition to be a bool tensor, but got " + cond.dtype().torchName());
        }
        DType ct = TypePromotion.resultType(a.dtype(), a.dim(), b.dtype(), b.dim());
        int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", cond.shapeRef(), a.shapeRef()), b.shapeRef());
        TensorImpl out = TensorImpl.allocate(a.backend(), ct, shape);
        if (out.numel() > 0) {
            Dispatch.where("where", a.backend(), cond.expandedView(shape), Conversion.cast(a, ct).expandedView(shape),
                    Conversion.cast(b, ct).expandedView(shape), out.spiView());
        }
        return out;
    }

    // ---- whole-tensor comparisons ----

    public static boolean allclose(TensorImpl a, TensorImpl b, double rtol, double atol) {
        if (!java.util.Arrays.equals(a.shapeRef(), b.shapeRef())) return false;
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y[i]) continue;
            if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) return false;
        }
        return true;
    }

    public static boolean equal(TensorImpl a, TensorImpl b) {
        if (!java.util.Arrays.equals(a.shapeRef(), b.shapeRef())) return false;
        if (a.dtype().isIntegral() && b.dtype().isIntegral()) {
            return java.util.Arrays.equals(a.toLongArray(), b.toLongArray());
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) if (x[i] != y[i]) return false;
        return true;
    }
}

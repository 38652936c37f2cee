package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.autograd.InPlace;
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
        return full(backend, dtype, new int[0], value);
    }

    /** {@code value} everywhere, a constant outside the graph (derivatives use it for their zeros and masks). */
    public static TensorImpl full(Backend backend, DType dtype, int[] shape, double value) {
        TensorImpl out = TensorImpl.allocate(backend, dtype, shape);
        if (out.numel() > 0) Dispatch.fill("full", backend, out.spiView(), value);
        return out;
    }

    /** Zeros of {@code shape} with the dtype and backend of {@code like}, outside the graph. */
    public static TensorImpl zeros(TensorImpl like, int[] shape) {
        return full(like.backend(), like.dtype(), shape, 0);
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
        TensorImpl out = run(op, kind, Conversion.cast(a, ct), Conversion.cast(b, ct), shape, ct);
        return Autograd.needsGrad(a, b) ? recordBinary(kind, out, a, b) : out;
    }

    public static Tensor binary(String op, BinaryOp kind, TensorImpl a, double s) {
        DType ct = computeType(op, kind, TypePromotion.resultType(a.dtype(), s));
        TensorImpl c = constant(a.backend(), ct, s);
        TensorImpl out = run(op, kind, Conversion.cast(a, ct), c, a.shapeRef(), ct);
        return Autograd.needsGrad(a) ? recordScalar(kind, out, a, s) : out;
    }

    // ---- derivatives of the binary ops ----

    /** {@code mask} (bool) as 0/1 in {@code like}'s dtype: a constant factor of a derivative. */
    private static Tensor ones(Tensor mask, Tensor like) { return mask.to(like.dtype()); }

    private static Tensor recordBinary(BinaryOp kind, TensorImpl out, TensorImpl a, TensorImpl b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        Tensor[] in = Autograd.inputs(a, b);
        return switch (kind) {
            case ADD -> Autograd.record("AddBackward0", out, in,
                    (g, s) -> Autograd.grads(Autograd.sumTo(g, as), Autograd.sumTo(g, bs)));
            case SUB -> Autograd.record("SubBackward0", out, in,
                    (g, s) -> Autograd.grads(Autograd.sumTo(g, as), s.needs(1) ? Autograd.sumTo(g.neg(), bs) : null));
            case MUL -> Autograd.record("MulBackward0", out, in, Autograd.saved(a, b), (g, s) -> Autograd.grads(
                    s.needs(0) ? Autograd.sumTo(g.mul(s.get(1)), as) : null,
                    s.needs(1) ? Autograd.sumTo(g.mul(s.get(0)), bs) : null));
            case DIV -> Autograd.record("DivBackward0", out, in, Autograd.saved(a, b), (g, s) -> {
                Tensor x = s.get(0);
                Tensor y = s.get(1);
                return Autograd.grads(s.needs(0) ? Autograd.sumTo(g.div(y), as) : null,
                        s.needs(1) ? Autograd.sumTo(g.neg().mul(x).div(y.mul(y)), bs) : null);
            });
            case POW -> Autograd.record("PowBackward1", out, in, Autograd.saved(a, b, out), (g, s) -> {
                Tensor x = s.get(0);
                Tensor e = s.get(1);
                Tensor gx = null;
                Tensor ge = null;
                if (s.needs(0)) {
                    // d/dx x^e = e x^(e-1), and 0 where e == 0 (PyTorch's pow_backward_self)
                    Tensor d = g.mul(e).mul(x.pow(e.sub(1)));
                    gx = Autograd.sumTo(Tensor.where(e.eq(0).expandAs(d), Tensor.zerosLike(d), d), as);
                }
                if (s.needs(1)) {
                    // d/de x^e = x^e log x, and 0 where x == 0 and e >= 0 (PyTorch's pow_backward_exponent)
                    Tensor d = g.mul(s.get(2)).mul(x.log());
                    Tensor zero = x.eq(0).logicalAnd(e.ge(0)).expandAs(d);
                    ge = Autograd.sumTo(Tensor.where(zero, Tensor.zerosLike(d), d), bs);
                }
                return Autograd.grads(gx, ge);
            });
            case MAXIMUM, MINIMUM -> {
                // the larger (smaller) operand takes the gradient; ties split it equally, as PyTorch
                boolean max = kind == BinaryOp.MAXIMUM;
                yield Autograd.record(max ? "MaximumBackward0" : "MinimumBackward0", out, in, Autograd.saved(a, b), (g, s) -> {
                    Tensor x = s.get(0);
                    Tensor y = s.get(1);
                    Tensor half = ones(x.eq(y), g).mul(0.5);
                    Tensor wx = ones(max ? x.gt(y) : x.lt(y), g).add(half);
                    Tensor wy = ones(max ? y.gt(x) : y.lt(x), g).add(half);
                    return Autograd.grads(s.needs(0) ? Autograd.sumTo(g.mul(wx), as) : null,
                            s.needs(1) ? Autograd.sumTo(g.mul(wy), bs) : null);
                });
            }
            case EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR -> out; // bool results: not differentiable
        };
    }

    private static Tensor recordScalar(BinaryOp kind, TensorImpl out, TensorImpl a, double c) {
        Tensor[] in = Autograd.inputs(a);
        return switch (kind) {
            case ADD -> Autograd.record("AddBackward0", out, in, (g, s) -> Autograd.grads(g));
            case SUB -> Autograd.record("SubBackward0", out, in, (g, s) -> Autograd.grads(g));
            case MUL -> Autograd.record("MulBackward0", out, in, (g, s) -> Autograd.grads(g.mul(c)));
            case DIV -> Autograd.record("DivBackward0", out, in, (g, s) -> Autograd.grads(g.div(c)));
            case POW -> Autograd.record("PowBackward0", out, in, Autograd.saved(a), (g, s) -> Autograd.grads(
                    c == 0 ? Tensor.zerosLike(g) : g.mul(c).mul(s.get(0).pow(c - 1))));
            case MAXIMUM, MINIMUM -> {
                boolean max = kind == BinaryOp.MAXIMUM;
                yield Autograd.record(max ? "ClampMinBackward0" : "ClampMaxBackward0", out, in, Autograd.saved(a),
                        (g, s) -> Autograd.grads(g.mul(ones(max ? s.get(0).ge(c) : s.get(0).le(c), g))));
            }
            case EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR -> out;
        };
    }

    /** {@code shape} is kept by the result: an operand's shapeRef or a fresh array, never modified. */
    private static TensorImpl run(String op, BinaryOp kind, TensorImpl a, TensorImpl b, int[] shape, DType ct) {
        TensorImpl out = TensorImpl.allocateShared(a.backend(), kind.producesBool() ? DType.BOOL : ct, shape);
        if (out.numel() > 0) {
            Dispatch.binary(op, a.backend(), kind, a.expandedView(shape), b.expandedView(shape), out.spiView());
        }
        return out;
    }

    // ---- unary ----

    public static Tensor unary(String op, UnaryOp u, TensorImpl a) {
        DType ct = unaryType(op, u, a.dtype());
        TensorImpl in = Conversion.cast(a, ct);
        TensorImpl out = TensorImpl.allocateShared(a.backend(), ct, a.shapeRef());
        if (out.numel() > 0) Dispatch.unary(op, a.backend(), u, in.spiView(), out.spiView());
        return Autograd.needsGrad(a) ? recordUnary(u, out, a) : out;
    }

    // ---- derivatives of the unary ops ----

    private static Tensor recordUnary(UnaryOp u, TensorImpl out, TensorImpl a) {
        Tensor[] in = Autograd.inputs(a);
        return switch (u) {
            case NEG -> Autograd.record("NegBackward0", out, in, (g, s) -> Autograd.grads(g.neg()));
            case ABS -> Autograd.record("AbsBackward0", out, in, Autograd.saved(a),
                    (g, s) -> Autograd.grads(g.mul(s.get(0).sign())));
            case SIGN -> Autograd.record("SignBackward0", out, in, (g, s) -> Autograd.grads(Tensor.zerosLike(g)));
            case RELU -> Autograd.record("ReluBackward0", out, in, Autograd.saved(out),
                    (g, s) -> Autograd.grads(g.mul(ones(s.get(0).gt(0), g))));
            case EXP -> Autograd.record("ExpBackward0", out, in, Autograd.saved(out),
                    (g, s) -> Autograd.grads(g.mul(s.get(0))));
            case LOG -> Autograd.record("LogBackward0", out, in, Autograd.saved(a),
                    (g, s) -> Autograd.grads(g.div(s.get(0))));
            case SQRT -> Autograd.record("SqrtBackward0", out, in, Autograd.saved(out),
                    (g, s) -> Autograd.grads(g.div(s.get(0).mul(2))));
            case TANH -> Autograd.record("TanhBackward0", out, in, Autograd.saved(out), (g, s) -> {
                Tensor y = s.get(0);
                return Autograd.grads(g.mul(y.mul(y).neg().add(1)));
            });
            case SIGMOID -> Autograd.record("SigmoidBackward0", out, in, Autograd.saved(out), (g, s) -> {
                Tensor y = s.get(0);
                return Autograd.grads(g.mul(y).mul(y.neg().add(1)));
            });
            case SIN -> Autograd.record("SinBackward0", out, in, Autograd.saved(a),
                    (g, s) -> Autograd.grads(g.mul(s.get(0).cos())));
            case COS -> Autograd.record("CosBackward0", out, in, Autograd.saved(a),
                    (g, s) -> Autograd.grads(g.mul(s.get(0).sin()).neg()));
            case RECIPROCAL -> Autograd.record("ReciprocalBackward0", out, in, Autograd.saved(out), (g, s) -> {
                Tensor y = s.get(0);
                return Autograd.grads(g.neg().mul(y.mul(y)));
            });
            case LOGICAL_NOT -> out; // bool result: not differentiable
        };
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
        return InPlace.apply(op, self, Autograd.inputs(other), t -> binary(outOfPlaceName(op), kind, t, other),
                () -> writeInPlace(op, kind, self, other));
    }

    /** {@code "add_"} -> {@code "add"}. */
    private static String outOfPlaceName(String op) {
        return op.endsWith("_") ? op.substring(0, op.length() - 1) : op;
    }

    private static void writeInPlace(String op, BinaryOp kind, TensorImpl self, TensorImpl other) {
        sameBackend(op, self, other);
        checkWritable(op, self);
        DType ct = computeType(op, kind, TypePromotion.resultType(self.dtype(), self.dim(), other.dtype(), other.dim()));
        int[] shape = Shapes.broadcast(op, self.shapeRef(), other.shapeRef());
        checkInPlace(op, self, ct, shape);
        // an operand sharing storage with self (other than self's exact view) is read from a copy
        TensorImpl rhs = other.ref() == self.ref() && !other.spiView().equals(self.spiView())
                ? Conversion.contiguousAs(other, other.dtype()) : other;
        writeBack(op, kind, self, rhs, ct);
    }

    public static Tensor inPlace(String op, BinaryOp kind, TensorImpl self, double s) {
        return InPlace.apply(op, self, Autograd.inputs(), t -> binary(outOfPlaceName(op), kind, t, s), () -> {
            checkWritable(op, self);
            DType ct = computeType(op, kind, TypePromotion.resultType(self.dtype(), s));
            checkInPlace(op, self, ct, self.shapeRef());
            writeBack(op, kind, self, constant(self.backend(), ct, s), ct);
        });
    }

    private static void writeBack(String op, BinaryOp kind, TensorImpl self, TensorImpl other, DType ct) {
        int[] shape = self.shapeRef();
        if (self.numel() == 0) return;
        if (ct == self.dtype()) {
            View out = self.spiView();
            Dispatch.binary(op, self.backend(), kind, out, Conversion.cast(other, ct).expandedView(shape), out);
        } else {
            TensorImpl tmp = run(op, kind, Conversion.cast(self, ct), Conversion.cast(other, ct), shape, ct);
            Dispatch.copy(op, self.backend(), tmp.spiView(), self.spiView());
        }
        self.ref().bumpVersion();
    }

    public static Tensor unaryInPlace(String op, UnaryOp u, TensorImpl self) {
        return InPlace.apply(op, self, Autograd.inputs(), t -> unary(outOfPlaceName(op), u, t), () -> {
            checkWritable(op, self);
            DType ct = unaryType(op, u, self.dtype());
            if (ct != self.dtype()) {
                throw new IllegalArgumentException(op + ": result type " + ct.torchName()
                        + " can't be cast to the desired output type " + self.dtype().torchName());
            }
            if (self.numel() > 0) Dispatch.unary(op, self.backend(), u, self.spiView(), self.spiView());
            self.ref().bumpVersion();
        });
    }

    public static Tensor fill_(TensorImpl self, double value) {
        return InPlace.apply("fill_", self, Autograd.inputs(), t -> {
            TensorImpl filled = TensorImpl.allocate(self.backend(), self.dtype(), self.shapeRef());
            if (filled.numel() > 0) Dispatch.fill("fill_", self.backend(), filled.spiView(), value);
            return Autograd.record("FillBackward2", filled, Autograd.inputs(t),
                    (g, s) -> Autograd.grads(Tensor.zerosLike(g)));
        }, () -> {
            checkWritable("fill_", self);
            if (self.numel() > 0) Dispatch.fill("fill_", self.backend(), self.spiView(), value);
            self.ref().bumpVersion();
        });
    }

    /** Copies {@code src} into {@code self}; across devices it goes through host memory, as PyTorch's copy_. */
    public static Tensor copy_(TensorImpl self, TensorImpl src) {
        return InPlace.apply("copy_", self, Autograd.inputs(src), t -> copied(t, src), () -> writeCopy(self, src));
    }

    /** copy_ out of place, recorded: src broadcast to self's shape and cast to its dtype; self's old values get no gradient. */
    private static Tensor copied(TensorImpl self, TensorImpl src) {
        TensorImpl s = src.backend() == self.backend() ? src : TensorImpl.of(src.to(self.device()));
        TensorImpl out = TensorImpl.allocate(self.backend(), self.dtype(), self.shapeRef());
        try (var off = GradMode.disable()) {
            writeCopy(out, s);
        }
        int[] ss = s.shape();
        return Autograd.record("CopyBackwards", out, Autograd.inputs(self, s),
                (g, saved) -> Autograd.grads(saved.needs(0) ? Tensor.zerosLike(g) : null, Autograd.sumTo(g, ss)));
    }

    private static void writeCopy(TensorImpl self, TensorImpl src) {
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
    }

    // ---- clamp ----

    public static Tensor clamp(TensorImpl a, double min, double max, boolean inPlace) {
        if (Double.isNaN(min) && Double.isNaN(max)) {
            throw new IllegalArgumentException("clamp: at least one of 'min' or 'max' must not be None");
        }
        if (inPlace) {
            return InPlace.apply("clamp_", a, Autograd.inputs(), t -> clamp(t, min, max, false), () -> {
                try (var off = GradMode.disable()) {
                    if (!Double.isNaN(min)) inPlace("clamp_", BinaryOp.MAXIMUM, a, min);
                    if (!Double.isNaN(max)) inPlace("clamp_", BinaryOp.MINIMUM, a, max);
                }
            });
        }
        TensorImpl r = a;
        try (var off = GradMode.disable()) {
            if (!Double.isNaN(min)) r = (TensorImpl) binary("clamp", BinaryOp.MAXIMUM, r, min);
            if (!Double.isNaN(max)) r = (TensorImpl) binary("clamp", BinaryOp.MINIMUM, r, max);
        }
        // the gradient passes where min <= x <= max (PyTorch's ClampBackward1, for clamp, clamp_min and clamp_max)
        return Autograd.record("ClampBackward1", r, Autograd.inputs(a), Autograd.saved(a), (g, s) -> {
            Tensor x = s.get(0);
            Tensor keep = Double.isNaN(min) ? x.le(max) : Double.isNaN(max) ? x.ge(min) : x.ge(min).logicalAnd(x.le(max));
            return Autograd.grads(g.mul(ones(keep, g)));
        });
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
        int[] as = a.shape();
        int[] bs = b.shape();
        return Autograd.record("WhereBackward0", out, Autograd.inputs(cond, a, b), Autograd.saved(cond), (g, s) -> {
            Tensor c = s.get(0);
            Tensor zero = Tensor.zerosLike(g);
            return Autograd.grads(null, s.needs(1) ? Autograd.sumTo(Tensor.where(c, g, zero), as) : null,
                    s.needs(2) ? Autograd.sumTo(Tensor.where(c, zero, g), bs) : null);
        });
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

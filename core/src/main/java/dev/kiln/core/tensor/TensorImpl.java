package dev.kiln.core.tensor;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Index;
import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.autograd.RemovableHandle;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.AutogradMeta;
import dev.kiln.core.format.TensorFormatter;
import dev.kiln.core.ops.Conversion;
import dev.kiln.core.ops.Elementwise;
import dev.kiln.core.ops.IndexingOps;
import dev.kiln.core.ops.LinearAlgebra;
import dev.kiln.core.ops.NnOps;
import dev.kiln.core.ops.Reductions;
import dev.kiln.core.ops.ShapeOps;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Kiln's tensor: a strided view (shape, strides, offset, dtype) over a backend storage. Every op
 * delegates to its op family in {@code dev.kiln.core.ops}; this class holds the layout and the wiring only.
 */
public final class TensorImpl implements Tensor {
    private final StorageRef ref;
    private final DType dtype;
    private final int[] shape;
    private final long[] strides;
    private final long offset;
    private final long numel;
    /** Autograd state, created when the tensor first takes part in autograd. */
    private AutogradMeta autograd;
    /** The kernels' view of this tensor, made on first use (the layout never changes, so it is kept). */
    private View view;

    public TensorImpl(StorageRef ref, DType dtype, int[] shape, long[] strides, long offset) {
        this.ref = ref;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = Shapes.numel(shape);
    }

    private TensorImpl(StorageRef ref, DType dtype, int[] shape, long[] strides, long offset, long numel) {
        this.ref = ref;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = numel;
    }

    /** A fresh contiguous tensor on {@code backend}; contents undefined. */
    public static TensorImpl allocate(Backend backend, DType dtype, int[] shape) {
        return allocateShared(backend, dtype, shape.clone());
    }

    /**
     * {@link #allocate} keeping {@code shape} itself as the new tensor's shape (no copy): only for an array
     * nobody modifies afterwards, such as another tensor's {@link #shapeRef()} or a freshly computed one.
     */
    public static TensorImpl allocateShared(Backend backend, DType dtype, int[] shape) {
        long n = Shapes.numel(shape);
        StorageRef ref = new StorageRef(backend, backend.allocate(dtype, Math.max(n, 1)));
        return new TensorImpl(ref, dtype, shape, Shapes.contiguousStrides(shape), 0, n);
    }

    /** The core tensor behind an api tensor. */
    public static TensorImpl of(Tensor t) {
        if (t instanceof TensorImpl impl) return impl;
        if (t == null) throw new NullPointerException("expected a tensor, got null");
        throw new IllegalArgumentException("expected a Kiln core tensor, got " + t.getClass().getName());
    }

    /** Another view over the same storage. */
    public TensorImpl withLayout(int[] newShape, long[] newStrides, long newOffset) {
        return new TensorImpl(ref, dtype, newShape, newStrides, newOffset);
    }

    public StorageRef ref() { return ref; }

    /** Autograd state, or null when the tensor never took part in autograd. */
    public AutogradMeta autogradMeta() { return autograd; }

    /** Sets the autograd state (autograd's own bookkeeping). */
    public void setAutogradMeta(AutogradMeta meta) { autograd = meta; }

    public Backend backend() { return ref.backend(); }

    /** The view kernels receive. */
    public View spiView() {
        View v = view;
        if (v == null) view = v = new View(ref.storage(), dtype, offset, shape, strides);
        return v;
    }

    /** The view broadcast (stride 0) to {@code target}; the tensor's own view when it already has that shape. */
    public View expandedView(int[] target) {
        if (target == shape || java.util.Arrays.equals(target, shape)) return spiView();
        return new View(ref.storage(), dtype, offset, target, Shapes.broadcastStrides(shape, strides, target));
    }

    /** Shape without copying (for internal use; callers must not modify it). */
    public int[] shapeRef() { return shape; }

    /** Strides without copying (for internal use; callers must not modify them). */
    public long[] stridesRef() { return strides; }

    // ---- attributes ----

    @Override public int[] shape() { return shape.clone(); }
    @Override public int size(int dim) { return shape[Shapes.wrapDim("size", dim, shape.length)]; }
    @Override public int dim() { return shape.length; }
    @Override public long numel() { return numel; }
    @Override public DType dtype() { return dtype; }
    @Override public Device device() { return ref.backend().device(); }
    @Override public long[] stride() { return strides.clone(); }
    @Override public long storageOffset() { return offset; }
    @Override public boolean isContiguous() { return spiView().isContiguous(); }
    @Override public boolean sharesStorage(Tensor other) { return of(other).ref == ref; }

    // ---- views ----

    @Override public Tensor view(int... s) { return ShapeOps.view(this, s); }
    @Override public Tensor reshape(int... s) { return ShapeOps.reshape(this, s); }
    @Override public Tensor transpose(int d0, int d1) { return ShapeOps.transpose(this, d0, d1); }
    @Override public Tensor t() { return ShapeOps.t(this); }
    @Override public Tensor permute(int... dims) { return ShapeOps.permute(this, dims); }
    @Override public Tensor squeeze() { return ShapeOps.squeeze(this); }
    @Override public Tensor squeeze(int d) { return ShapeOps.squeeze(this, d); }
    @Override public Tensor unsqueeze(int d) { return ShapeOps.unsqueeze(this, d); }
    @Override public Tensor flatten() { return ShapeOps.flatten(this, 0, -1); }
    @Override public Tensor flatten(int s, int e) { return ShapeOps.flatten(this, s, e); }
    @Override public Tensor expand(int... s) { return ShapeOps.expand(this, s); }
    @Override public Tensor narrow(int d, int start, int length) { return ShapeOps.narrow(this, d, start, length); }
    @Override public Tensor slice(int d, long start, long end) { return ShapeOps.slice(this, d, start, end, 1); }
    @Override public Tensor slice(int d, long start, long end, long step) { return ShapeOps.slice(this, d, start, end, step); }
    @Override public Tensor select(int d, long index) { return ShapeOps.select(this, d, index); }
    @Override public Tensor index(String spec) { return ShapeOps.index(this, Index.parse(spec)); }
    @Override public Tensor index(Index... indices) { return ShapeOps.index(this, indices); }
    @Override public Tensor contiguous() { return ShapeOps.contiguous(this); }
    @Override public Tensor clone() { return ShapeOps.clone(this); }

    // ---- elementwise ----

    @Override public Tensor add(Tensor o) { return Elementwise.binary("add", BinaryOp.ADD, this, of(o)); }
    @Override public Tensor add(double o) { return Elementwise.binary("add", BinaryOp.ADD, this, o); }
    @Override public Tensor add(Tensor o, double alpha) { return alpha == 1 ? add(o) : add(of(o).mul(alpha)); }
    @Override public Tensor sub(Tensor o) { return Elementwise.binary("sub", BinaryOp.SUB, this, of(o)); }
    @Override public Tensor sub(double o) { return Elementwise.binary("sub", BinaryOp.SUB, this, o); }
    @Override public Tensor mul(Tensor o) { return Elementwise.binary("mul", BinaryOp.MUL, this, of(o)); }
    @Override public Tensor mul(double o) { return Elementwise.binary("mul", BinaryOp.MUL, this, o); }
    @Override public Tensor div(Tensor o) { return Elementwise.binary("div", BinaryOp.DIV, this, of(o)); }
    @Override public Tensor div(double o) { return Elementwise.binary("div", BinaryOp.DIV, this, o); }
    @Override public Tensor pow(double e) { return Elementwise.binary("pow", BinaryOp.POW, this, e); }
    @Override public Tensor pow(Tensor e) { return Elementwise.binary("pow", BinaryOp.POW, this, of(e)); }
    @Override public Tensor maximum(Tensor o) { return Elementwise.binary("maximum", BinaryOp.MAXIMUM, this, of(o)); }
    @Override public Tensor minimum(Tensor o) { return Elementwise.binary("minimum", BinaryOp.MINIMUM, this, of(o)); }

    @Override public Tensor neg() { return Elementwise.unary("neg", UnaryOp.NEG, this); }
    @Override public Tensor abs() { return Elementwise.unary("abs", UnaryOp.ABS, this); }
    @Override public Tensor sign() { return Elementwise.unary("sign", UnaryOp.SIGN, this); }
    @Override public Tensor exp() { return Elementwise.unary("exp", UnaryOp.EXP, this); }
    @Override public Tensor log() { return Elementwise.unary("log", UnaryOp.LOG, this); }
    @Override public Tensor sqrt() { return Elementwise.unary("sqrt", UnaryOp.SQRT, this); }
    @Override public Tensor tanh() { return Elementwise.unary("tanh", UnaryOp.TANH, this); }
    @Override public Tensor sigmoid() { return Elementwise.unary("sigmoid", UnaryOp.SIGMOID, this); }
    @Override public Tensor relu() { return Elementwise.unary("relu", UnaryOp.RELU, this); }
    @Override public Tensor sin() { return Elementwise.unary("sin", UnaryOp.SIN, this); }
    @Override public Tensor cos() { return Elementwise.unary("cos", UnaryOp.COS, this); }
    @Override public Tensor reciprocal() { return Elementwise.unary("reciprocal", UnaryOp.RECIPROCAL, this); }
    @Override public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max, false); }
    @Override public Tensor clampMin(double min) { return Elementwise.clamp(this, min, Double.NaN, false); }
    @Override public Tensor clampMax(double max) { return Elementwise.clamp(this, Double.NaN, max, false); }

    @Override public Tensor eq(Tensor o) { return Elementwise.binary("eq", BinaryOp.EQ, this, of(o)); }
    @Override public Tensor eq(double o) { return Elementwise.binary("eq", BinaryOp.EQ, this, o); }
    @Override public Tensor ne(Tensor o) { return Elementwise.binary("ne", BinaryOp.NE, this, of(o)); }
    @Override public Tensor ne(double o) { return Elementwise.binary("ne", BinaryOp.NE, this, o); }
    @Override public Tensor lt(Tensor o) { return Elementwise.binary("lt", BinaryOp.LT, this, of(o)); }
    @Override public Tensor lt(double o) { return Elementwise.binary("lt", BinaryOp.LT, this, o); }
    @Override public Tensor le(Tensor o) { return Elementwise.binary("le", BinaryOp.LE, this, of(o)); }
    @Override public Tensor le(double o) { return Elementwise.binary("le", BinaryOp.LE, this, o); }
    @Override public Tensor gt(Tensor o) { return Elementwise.binary("gt", BinaryOp.GT, this, of(o)); }
    @Override public Tensor gt(double o) { return Elementwise.binary("gt", BinaryOp.GT, this, o); }
    @Override public Tensor ge(Tensor o) { return Elementwise.binary("ge", BinaryOp.GE, this, of(o)); }
    @Override public Tensor ge(double o) { return Elementwise.binary("ge", BinaryOp.GE, this, o); }
    @Override public Tensor logicalNot() { return Elementwise.logicalNot(this); }
    @Override public Tensor logicalAnd(Tensor o) { return Elementwise.binary("logical_and", BinaryOp.LOGICAL_AND, this, of(o)); }
    @Override public Tensor logicalOr(Tensor o) { return Elementwise.binary("logical_or", BinaryOp.LOGICAL_OR, this, of(o)); }
    @Override public boolean allclose(Tensor o, double rtol, double atol) { return Elementwise.allclose(this, of(o), rtol, atol); }
    @Override public boolean equal(Tensor o) { return Elementwise.equal(this, of(o)); }

    // ---- reductions ----

    @Override public Tensor sum() { return Reductions.sum(this, null, false); }
    @Override public Tensor sum(int d) { return Reductions.sum(this, new int[] {d}, false); }
    @Override public Tensor sum(int d, boolean keepdim) { return Reductions.sum(this, new int[] {d}, keepdim); }
    @Override public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }
    @Override public Tensor mean() { return Reductions.mean(this, null, false); }
    @Override public Tensor mean(int d) { return Reductions.mean(this, new int[] {d}, false); }
    @Override public Tensor mean(int d, boolean keepdim) { return Reductions.mean(this, new int[] {d}, keepdim); }
    @Override public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }
    @Override public Tensor prod() { return Reductions.prod(this, null, false); }
    @Override public Tensor prod(int d, boolean keepdim) { return Reductions.prod(this, new int[] {d}, keepdim); }
    @Override public Tensor max() { return Reductions.extreme("max", this, true); }
    @Override public ValuesIndices max(int d, boolean keepdim) { return Reductions.extremeDim("max", this, d, keepdim, true); }
    @Override public Tensor min() { return Reductions.extreme("min", this, false); }
    @Override public ValuesIndices min(int d, boolean keepdim) { return Reductions.extremeDim("min", this, d, keepdim, false); }
    @Override public Tensor amax(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, true); }
    @Override public Tensor amin(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, false); }
    @Override public Tensor argmax() { return Reductions.argExtreme("argmax", this, null, false, true); }
    @Override public Tensor argmax(int d) { return Reductions.argExtreme("argmax", this, d, false, true); }
    @Override public Tensor argmax(int d, boolean keepdim) { return Reductions.argExtreme("argmax", this, d, keepdim, true); }
    @Override public Tensor argmin() { return Reductions.argExtreme("argmin", this, null, false, false); }
    @Override public Tensor argmin(int d, boolean keepdim) { return Reductions.argExtreme("argmin", this, d, keepdim, false); }

    // ---- linear algebra ----

    @Override public Tensor matmul(Tensor o) { return LinearAlgebra.matmul(this, of(o)); }
    @Override public Tensor mm(Tensor o) { return LinearAlgebra.mm(this, of(o)); }
    @Override public Tensor bmm(Tensor o) { return LinearAlgebra.bmm(this, of(o)); }
    @Override public Tensor dot(Tensor o) { return LinearAlgebra.dot(this, of(o)); }

    // ---- indexing ops ----

    @Override public Tensor gather(int d, Tensor index) { return IndexingOps.gather(this, d, of(index)); }
    @Override public Tensor scatter_(int d, Tensor index, Tensor src) { return IndexingOps.scatter("scatter_", this, d, of(index), of(src), false, true); }
    @Override public Tensor scatter_(int d, Tensor index, double value) { return IndexingOps.scatterValue(this, d, of(index), value); }
    @Override public Tensor scatterAdd_(int d, Tensor index, Tensor src) { return IndexingOps.scatter("scatter_add_", this, d, of(index), of(src), true, true); }
    @Override public Tensor scatterAdd(int d, Tensor index, Tensor src) { return IndexingOps.scatter("scatter_add", this, d, of(index), of(src), true, false); }

    // ---- softmax ----

    @Override public Tensor softmax(int d) { return NnOps.softmax(this, d); }
    @Override public Tensor logSoftmax(int d) { return NnOps.logSoftmax(this, d); }

    // ---- in place ----

    @Override public Tensor add_(Tensor o) { return Elementwise.inPlace("add_", BinaryOp.ADD, this, of(o)); }
    @Override public Tensor add_(double o) { return Elementwise.inPlace("add_", BinaryOp.ADD, this, o); }
    @Override public Tensor add_(Tensor o, double alpha) { return alpha == 1 ? add_(o) : add_(of(o).mul(alpha)); }
    @Override public Tensor sub_(Tensor o) { return Elementwise.inPlace("sub_", BinaryOp.SUB, this, of(o)); }
    @Override public Tensor sub_(double o) { return Elementwise.inPlace("sub_", BinaryOp.SUB, this, o); }
    @Override public Tensor mul_(Tensor o) { return Elementwise.inPlace("mul_", BinaryOp.MUL, this, of(o)); }
    @Override public Tensor mul_(double o) { return Elementwise.inPlace("mul_", BinaryOp.MUL, this, o); }
    @Override public Tensor div_(Tensor o) { return Elementwise.inPlace("div_", BinaryOp.DIV, this, of(o)); }
    @Override public Tensor div_(double o) { return Elementwise.inPlace("div_", BinaryOp.DIV, this, o); }
    @Override public Tensor pow_(double e) { return Elementwise.inPlace("pow_", BinaryOp.POW, this, e); }
    @Override public Tensor neg_() { return Elementwise.unaryInPlace("neg_", UnaryOp.NEG, this); }
    @Override public Tensor abs_() { return Elementwise.unaryInPlace("abs_", UnaryOp.ABS, this); }
    @Override public Tensor exp_() { return Elementwise.unaryInPlace("exp_", UnaryOp.EXP, this); }
    @Override public Tensor log_() { return Elementwise.unaryInPlace("log_", UnaryOp.LOG, this); }
    @Override public Tensor sqrt_() { return Elementwise.unaryInPlace("sqrt_", UnaryOp.SQRT, this); }
    @Override public Tensor tanh_() { return Elementwise.unaryInPlace("tanh_", UnaryOp.TANH, this); }
    @Override public Tensor sigmoid_() { return Elementwise.unaryInPlace("sigmoid_", UnaryOp.SIGMOID, this); }
    @Override public Tensor relu_() { return Elementwise.unaryInPlace("relu_", UnaryOp.RELU, this); }
    @Override public Tensor clamp_(double min, double max) { return Elementwise.clamp(this, min, max, true); }
    @Override public Tensor fill_(double v) { return Elementwise.fill_(this, v); }
    @Override public Tensor zero_() { return Elementwise.fill_(this, 0); }
    @Override public Tensor copy_(Tensor src) { return Elementwise.copy_(this, of(src)); }

    // ---- data out and conversion ----

    @Override public double item() { return Conversion.item(this); }
    @Override public long itemLong() { return Conversion.itemLong(this); }
    @Override public boolean itemBoolean() { return Conversion.item(this) != 0; }
    @Override public float[] toFloatArray() { return Conversion.toFloatArray(this); }
    @Override public double[] toDoubleArray() { return Conversion.toDoubleArray(this); }
    @Override public int[] toIntArray() { return Conversion.toIntArray(this); }
    @Override public long[] toLongArray() { return Conversion.toLongArray(this); }
    @Override public boolean[] toBooleanArray() { return Conversion.toBooleanArray(this); }
    @Override public Tensor to(DType d) { return Conversion.to(this, d); }
    @Override public Tensor to(Device d) { return Conversion.to(this, d); }
    @Override public Tensor detach() { return new TensorImpl(ref, dtype, shape, strides, offset, numel); }

    // ---- autograd ----

    @Override public boolean requiresGrad() { return Autograd.requiresGrad(this); }
    @Override public Tensor requiresGrad(boolean r) { Autograd.setRequiresGrad(this, r); return this; }
    @Override public Tensor grad() { return Autograd.grad(this); }
    @Override public void setGrad(Tensor g) { Autograd.setGrad(this, g); }
    @Override public boolean isLeaf() { return Autograd.isLeaf(this); }
    @Override public GradFn gradFn() { return Autograd.gradFn(this); }
    @Override public void backward() { Autograd.backward(this, null, false, false); }
    @Override public void backward(Tensor g) { Autograd.backward(this, g, false, false); }
    @Override public void backward(Tensor g, boolean retainGraph) { Autograd.backward(this, g, retainGraph, false); }
    @Override public void backward(Tensor g, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, g, retainGraph, createGraph);
    }
    @Override public Tensor retainGrad() { Autograd.retainGrad(this); return this; }
    @Override public boolean retainsGrad() { return Autograd.retainsGrad(this); }
    @Override public RemovableHandle registerHook(UnaryOperator<Tensor> hook) { return Autograd.registerHook(this, hook); }
    @Override public int version() { return ref.version(); }

    @Override public String toString() {
        GradFn fn = gradFn();
        if (fn != null) return TensorFormatter.format(this, List.of("grad_fn=<" + fn.name() + ">"));
        if (requiresGrad()) return TensorFormatter.format(this, List.of("requires_grad=True"));
        return TensorFormatter.format(this);
    }
}

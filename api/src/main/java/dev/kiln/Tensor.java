package dev.kiln;

import dev.kiln.spi.Engine;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * An n-dimensional array on a device, shaped like {@code torch.Tensor}: the same creation
 * functions, views that share storage, broadcasting elementwise ops, reductions, matmul, indexing
 * and in-place ops with PyTorch's {@code _} suffix.
 *
 * <p>Views ({@link #view}, {@link #transpose}, {@link #slice}, {@link #index(String)} ...) share
 * storage with their base: a write through one is seen by the other. Ops that allocate return new
 * tensors. Errors are {@link IllegalArgumentException}s (or {@link IndexOutOfBoundsException}s)
 * naming the op, the shapes and dtypes involved and what would be valid.
 *
 * <p>Dimensions may be negative, counting from the end, as in PyTorch.
 */
public interface Tensor {

    // =====================================================================================
    // creation
    // =====================================================================================

    /**
     * A 1-D float32 tensor of these values (PyTorch's default float dtype). As with {@code torch.tensor}, a single
     * Java scalar ({@code Tensor.of(3.0)}, {@code Tensor.of(3L)}) makes a 0-d tensor: Java picks {@link #of(Object)}
     * for it; pass an array ({@code Tensor.of(new double[] {3})}) for a 1-element 1-D tensor.
     */
    static Tensor of(float... values) { return Engine.get().fromArray(values, null); }

    /** A 1-D float32 tensor of these values: Java doubles become float32, as Python floats do in PyTorch. */
    static Tensor of(double... values) { return Engine.get().fromArray(values, null); }

    /** A 1-D int64 tensor of these values (PyTorch's default integer dtype). */
    static Tensor of(int... values) { return Engine.get().fromArray(values, null); }

    /** A 1-D int64 tensor of these values. */
    static Tensor of(long... values) { return Engine.get().fromArray(values, null); }

    /** A 1-D bool tensor of these values. */
    static Tensor of(boolean... values) { return Engine.get().fromArray(values, null); }

    /**
     * A tensor copied from a (nested, rectangular) Java array of primitives or a scalar box:
     * {@code float[][]}, {@code double[][][]}, {@code int[][]}, {@code boolean[]}, {@code Double} ...
     * The dtype follows the element type as in {@code torch.tensor}: float/double → float32,
     * int/long/short/byte → int64, boolean → bool.
     */
    static Tensor of(Object nestedArray) { return Engine.get().fromArray(nestedArray, null); }

    /** As {@link #of(Object)} with an explicit dtype. */
    static Tensor of(Object nestedArray, DType dtype) { return Engine.get().fromArray(nestedArray, dtype); }

    /** A 0-d float32 tensor ({@code torch.tensor(3.0)}). */
    static Tensor scalar(double value) { return Engine.get().scalar(value, DType.FLOAT32); }

    /** A 0-d tensor of the given dtype. */
    static Tensor scalar(double value, DType dtype) { return Engine.get().scalar(value, dtype); }

    /** Zeros, float32. */
    static Tensor zeros(int... shape) { return zeros(TensorOptions.DEFAULT, shape); }

    /** Zeros of the given dtype. */
    static Tensor zeros(DType dtype, int... shape) { return zeros(TensorOptions.of(dtype), shape); }

    /** Zeros with options. */
    static Tensor zeros(TensorOptions options, int... shape) { return Engine.get().full(shape, 0, options); }

    /** Ones, float32. */
    static Tensor ones(int... shape) { return ones(TensorOptions.DEFAULT, shape); }

    /** Ones of the given dtype. */
    static Tensor ones(DType dtype, int... shape) { return ones(TensorOptions.of(dtype), shape); }

    /** Ones with options. */
    static Tensor ones(TensorOptions options, int... shape) { return Engine.get().full(shape, 1, options); }

    /** Every element {@code value}, float32. */
    static Tensor full(double value, int... shape) { return Engine.get().full(shape, value, TensorOptions.DEFAULT); }

    /** Every element {@code value}, with options. */
    static Tensor full(double value, TensorOptions options, int... shape) { return Engine.get().full(shape, value, options); }

    /** Uninitialised memory, float32 (contents are whatever the backend had). */
    static Tensor empty(int... shape) { return Engine.get().empty(shape, TensorOptions.DEFAULT); }

    /** Uninitialised memory with options. */
    static Tensor empty(TensorOptions options, int... shape) { return Engine.get().empty(shape, options); }

    /** Uniform on [0, 1) from the runtime's seeded generator, float32. */
    static Tensor rand(int... shape) { return Engine.get().rand(shape, TensorOptions.DEFAULT); }

    /** Uniform on [0, 1) with options. */
    static Tensor rand(TensorOptions options, int... shape) { return Engine.get().rand(shape, options); }

    /** Standard normal from the runtime's seeded generator, float32. */
    static Tensor randn(int... shape) { return Engine.get().randn(shape, TensorOptions.DEFAULT); }

    /** Standard normal with options. */
    static Tensor randn(TensorOptions options, int... shape) { return Engine.get().randn(shape, options); }

    /** Uniform integers in [low, high), int64. */
    static Tensor randint(long low, long high, int... shape) {
        return Engine.get().randint(low, high, shape, TensorOptions.DEFAULT);
    }

    /** Uniform integers in [low, high) with options. */
    static Tensor randint(long low, long high, TensorOptions options, int... shape) {
        return Engine.get().randint(low, high, shape, options);
    }

    /** {@code 0, 1, ..., end-1} as int64. */
    static Tensor arange(long end) { return Engine.get().arange(0, end, 1, TensorOptions.of(DType.INT64)); }

    /** {@code start, start+step, ...} below {@code end}; int64 when all three are whole numbers, else float32. */
    static Tensor arange(double start, double end, double step) {
        boolean integral = start == Math.rint(start) && end == Math.rint(end) && step == Math.rint(step);
        return Engine.get().arange(start, end, step, TensorOptions.of(integral ? DType.INT64 : DType.FLOAT32));
    }

    /** {@code arange} with options. */
    static Tensor arange(double start, double end, double step, TensorOptions options) {
        return Engine.get().arange(start, end, step, options);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive, float32. */
    static Tensor linspace(double start, double end, int steps) {
        return Engine.get().linspace(start, end, steps, TensorOptions.DEFAULT);
    }

    /** {@code linspace} with options. */
    static Tensor linspace(double start, double end, int steps, TensorOptions options) {
        return Engine.get().linspace(start, end, steps, options);
    }

    /** The n x n identity, float32. */
    static Tensor eye(int n) { return Engine.get().eye(n, n, TensorOptions.DEFAULT); }

    /** The rows x cols identity with options. */
    static Tensor eye(int rows, int cols, TensorOptions options) { return Engine.get().eye(rows, cols, options); }

    /** Zeros shaped like {@code t}, same dtype and device. */
    static Tensor zerosLike(Tensor t) { return zerosLike(t, t.dtype()); }

    /** Zeros shaped like {@code t} with another dtype. */
    static Tensor zerosLike(Tensor t, DType dtype) { return zeros(new TensorOptions(dtype, t.device()), t.shape()); }

    /** Ones shaped like {@code t}. */
    static Tensor onesLike(Tensor t) { return onesLike(t, t.dtype()); }

    /** Ones shaped like {@code t} with another dtype. */
    static Tensor onesLike(Tensor t, DType dtype) { return ones(new TensorOptions(dtype, t.device()), t.shape()); }

    /** {@code value} everywhere, shaped like {@code t}. */
    static Tensor fullLike(Tensor t, double value) { return full(value, new TensorOptions(t.dtype(), t.device()), t.shape()); }

    /** Uninitialised, shaped like {@code t}. */
    static Tensor emptyLike(Tensor t) { return empty(new TensorOptions(t.dtype(), t.device()), t.shape()); }

    /** Uniform [0, 1), shaped like {@code t}. */
    static Tensor randLike(Tensor t) { return randLike(t, t.dtype()); }

    /** Uniform [0, 1), shaped like {@code t}, of {@code dtype} (a floating dtype). */
    static Tensor randLike(Tensor t, DType dtype) { return rand(new TensorOptions(dtype, t.device()), t.shape()); }

    /** Standard normal, shaped like {@code t}. */
    static Tensor randnLike(Tensor t) { return randnLike(t, t.dtype()); }

    /** Standard normal, shaped like {@code t}, of {@code dtype}. */
    static Tensor randnLike(Tensor t, DType dtype) { return randn(new TensorOptions(dtype, t.device()), t.shape()); }

    // ---- memory shared with Java (torch.from_numpy) ----

    /** A float32 tensor that shares {@code data}: writes through either are seen by the other. */
    static Tensor wrap(float[] data, int... shape) {
        return Engine.get().wrap(MemorySegment.ofArray(data), DType.FLOAT32, shape);
    }

    /** A float64 tensor that shares {@code data}. */
    static Tensor wrap(double[] data, int... shape) {
        return Engine.get().wrap(MemorySegment.ofArray(data), DType.FLOAT64, shape);
    }

    /** An int32 tensor that shares {@code data}. */
    static Tensor wrap(int[] data, int... shape) {
        return Engine.get().wrap(MemorySegment.ofArray(data), DType.INT32, shape);
    }

    /** An int64 tensor that shares {@code data}. */
    static Tensor wrap(long[] data, int... shape) {
        return Engine.get().wrap(MemorySegment.ofArray(data), DType.INT64, shape);
    }

    /** A float32 tensor that shares the buffer's remaining elements (heap or direct, native order). */
    static Tensor wrap(FloatBuffer buffer, int... shape) {
        return Engine.get().wrap(MemorySegment.ofBuffer(buffer), DType.FLOAT32, shape);
    }

    /** A tensor of {@code dtype} that shares a memory segment (little-endian, packed). */
    static Tensor wrap(MemorySegment segment, DType dtype, int... shape) {
        return Engine.get().wrap(segment, dtype, shape);
    }

    // ---- joining ----

    /** Concatenates along an existing dim ({@code torch.cat}). */
    static Tensor cat(List<Tensor> tensors, int dim) { return Engine.get().cat(tensors, dim); }

    /** Concatenates along dim 0. */
    static Tensor cat(List<Tensor> tensors) { return cat(tensors, 0); }

    /** Stacks along a new dim ({@code torch.stack}). */
    static Tensor stack(List<Tensor> tensors, int dim) { return Engine.get().stack(tensors, dim); }

    /** Stacks along a new dim 0. */
    static Tensor stack(List<Tensor> tensors) { return stack(tensors, 0); }

    /** {@code cond ? a : b} elementwise with broadcasting ({@code torch.where}). */
    static Tensor where(Tensor cond, Tensor a, Tensor b) { return Engine.get().where(cond, a, b); }

    /** One-hot encoding of int64 class indices, as {@code torch.nn.functional.one_hot}; int64. */
    static Tensor oneHot(Tensor labels, int numClasses) { return Engine.get().oneHot(labels, numClasses); }

    // =====================================================================================
    // attributes
    // =====================================================================================

    /** The sizes per dimension (a copy). */
    int[] shape();

    /** Same as {@link #shape()}, PyTorch's {@code size()}. */
    default int[] size() { return shape(); }

    /** The size of one dimension. */
    int size(int dim);

    /** Number of dimensions. */
    int dim();

    /** Number of elements. */
    long numel();

    /** Element type. */
    DType dtype();

    /** Where the storage lives. */
    Device device();

    /** Element strides per dimension (a copy). */
    long[] stride();

    /** Element offset of the first element into the storage. */
    long storageOffset();

    /** True when elements are laid out row-major without gaps. */
    boolean isContiguous();

    /** True when both tensors view the same storage. */
    boolean sharesStorage(Tensor other);

    // =====================================================================================
    // views (share storage)
    // =====================================================================================

    /** Same data, new shape; one size may be -1. Fails when the layout cannot be viewed, as PyTorch. */
    Tensor view(int... shape);

    /** Same data, new shape; a view when possible, else a copy. */
    Tensor reshape(int... shape);

    /** Swaps two dims. */
    Tensor transpose(int dim0, int dim1);

    /** Transpose of a tensor of at most 2 dims. */
    Tensor t();

    /** Reorders dims. */
    Tensor permute(int... dims);

    /** Removes every dim of size 1. */
    Tensor squeeze();

    /** Removes {@code dim} if its size is 1. */
    Tensor squeeze(int dim);

    /** Inserts a dim of size 1 at {@code dim}. */
    Tensor unsqueeze(int dim);

    /** Flattens to 1-D. */
    Tensor flatten();

    /** Flattens dims {@code startDim..endDim} into one. */
    Tensor flatten(int startDim, int endDim);

    /** Broadcasts size-1 dims to {@code shape} without copying (-1 keeps a size). */
    Tensor expand(int... shape);

    /** {@code expand(other.shape())}. */
    default Tensor expandAs(Tensor other) { return expand(other.shape()); }

    /** {@code length} elements of {@code dim} starting at {@code start}. */
    Tensor narrow(int dim, int start, int length);

    /** {@code t[..., start:end]} on {@code dim}; bounds clamp and may be negative, as Python slices. */
    Tensor slice(int dim, long start, long end);

    /** {@code t[..., start:end:step]} on {@code dim}. */
    Tensor slice(int dim, long start, long end, long step);

    /** {@code t[..., index]} on {@code dim}: removes the dim. */
    Tensor select(int dim, long index);

    /** PyTorch-style indexing by string: {@code t.index(":, 1")}, {@code t.index("1:3, ::2")}, {@code "..., -1"}. */
    Tensor index(String spec);

    /** PyTorch-style indexing by typed components. */
    Tensor index(Index... indices);

    /** This tensor if contiguous, else a contiguous copy. */
    Tensor contiguous();

    /** A copy with its own storage ({@code torch.clone}). */
    Tensor clone();

    // =====================================================================================
    // elementwise (broadcasting)
    // =====================================================================================

    Tensor add(Tensor other);
    Tensor add(double other);
    /** {@code this + alpha * other}. */
    Tensor add(Tensor other, double alpha);
    Tensor sub(Tensor other);
    Tensor sub(double other);
    Tensor mul(Tensor other);
    Tensor mul(double other);
    /** True division: integer inputs give a float result, as PyTorch. */
    Tensor div(Tensor other);
    Tensor div(double other);
    Tensor pow(double exponent);
    Tensor pow(Tensor exponent);
    /** Elementwise maximum ({@code torch.maximum}). */
    Tensor maximum(Tensor other);
    /** Elementwise minimum ({@code torch.minimum}). */
    Tensor minimum(Tensor other);

    Tensor neg();
    Tensor abs();
    Tensor sign();
    Tensor exp();
    Tensor log();
    Tensor sqrt();
    Tensor tanh();
    Tensor sigmoid();
    Tensor relu();
    Tensor sin();
    Tensor cos();
    Tensor reciprocal();
    /** Clamps into [min, max]. */
    Tensor clamp(double min, double max);
    /** Clamps below. */
    Tensor clampMin(double min);
    /** Clamps above. */
    Tensor clampMax(double max);

    // ---- comparisons (bool) ----

    Tensor eq(Tensor other);
    Tensor eq(double other);
    Tensor ne(Tensor other);
    Tensor ne(double other);
    Tensor lt(Tensor other);
    Tensor lt(double other);
    Tensor le(Tensor other);
    Tensor le(double other);
    Tensor gt(Tensor other);
    Tensor gt(double other);
    Tensor ge(Tensor other);
    Tensor ge(double other);
    Tensor logicalNot();
    Tensor logicalAnd(Tensor other);
    Tensor logicalOr(Tensor other);

    /** True when shapes match and every element is within {@code atol + rtol * |other|} ({@code torch.allclose}). */
    boolean allclose(Tensor other, double rtol, double atol);

    /** True when shapes and all elements are equal ({@code torch.equal}). */
    boolean equal(Tensor other);

    // =====================================================================================
    // reductions
    // =====================================================================================

    /** Values and indices of a max/min over a dim ({@code torch.max(x, dim)}). */
    record ValuesIndices(Tensor values, Tensor indices) {}

    Tensor sum();
    Tensor sum(int dim);
    Tensor sum(int dim, boolean keepdim);
    Tensor sum(int[] dims, boolean keepdim);
    Tensor mean();
    Tensor mean(int dim);
    Tensor mean(int dim, boolean keepdim);
    Tensor mean(int[] dims, boolean keepdim);
    Tensor prod();
    Tensor prod(int dim, boolean keepdim);
    /** Maximum of all elements (0-d). */
    Tensor max();
    /** Maximum over a dim with its indices. */
    ValuesIndices max(int dim, boolean keepdim);
    /** Minimum of all elements (0-d). */
    Tensor min();
    /** Minimum over a dim with its indices. */
    ValuesIndices min(int dim, boolean keepdim);
    /** Maximum over dims ({@code torch.amax}); no dims means all. */
    Tensor amax(int[] dims, boolean keepdim);
    /** Minimum over dims ({@code torch.amin}). */
    Tensor amin(int[] dims, boolean keepdim);
    /** Index of the maximum of the flattened tensor. */
    Tensor argmax();
    Tensor argmax(int dim);
    Tensor argmax(int dim, boolean keepdim);
    Tensor argmin();
    Tensor argmin(int dim, boolean keepdim);

    // =====================================================================================
    // linear algebra
    // =====================================================================================

    /** {@code torch.matmul}: 1-D, 2-D, batched and broadcast-batch forms. */
    Tensor matmul(Tensor other);
    /** 2-D matrix product only. */
    Tensor mm(Tensor other);
    /** Batched 3-D matrix product only. */
    Tensor bmm(Tensor other);
    /** Inner product of two 1-D tensors. */
    Tensor dot(Tensor other);

    // =====================================================================================
    // indexing ops
    // =====================================================================================

    /** {@code torch.gather}. */
    Tensor gather(int dim, Tensor index);
    /** {@code scatter_} with a source tensor. */
    Tensor scatter_(int dim, Tensor index, Tensor src);
    /** {@code scatter_} with a scalar value. */
    Tensor scatter_(int dim, Tensor index, double value);
    /** {@code scatter_add_}. */
    Tensor scatterAdd_(int dim, Tensor index, Tensor src);
    /** Out-of-place {@code scatter_add}. */
    Tensor scatterAdd(int dim, Tensor index, Tensor src);

    // =====================================================================================
    // softmax
    // =====================================================================================

    Tensor softmax(int dim);
    Tensor logSoftmax(int dim);

    // =====================================================================================
    // in place (return this)
    // =====================================================================================

    Tensor add_(Tensor other);
    Tensor add_(double other);
    Tensor add_(Tensor other, double alpha);
    Tensor sub_(Tensor other);
    Tensor sub_(double other);
    Tensor mul_(Tensor other);
    Tensor mul_(double other);
    Tensor div_(Tensor other);
    Tensor div_(double other);
    Tensor pow_(double exponent);
    Tensor neg_();
    Tensor abs_();
    Tensor exp_();
    Tensor log_();
    Tensor sqrt_();
    Tensor tanh_();
    Tensor sigmoid_();
    Tensor relu_();
    Tensor clamp_(double min, double max);
    Tensor fill_(double value);
    Tensor zero_();
    /** Copies {@code src} (broadcast, cast) into this tensor's elements. */
    Tensor copy_(Tensor src);

    // =====================================================================================
    // data out and conversion
    // =====================================================================================

    /** The single element as a double (like {@code item()}); fails unless numel is 1. */
    double item();
    /** The single element as a long. */
    long itemLong();
    /** The single element as a boolean. */
    boolean itemBoolean();
    /** Elements in row-major order, converted. */
    float[] toFloatArray();
    double[] toDoubleArray();
    int[] toIntArray();
    long[] toLongArray();
    boolean[] toBooleanArray();

    /** A copy of another dtype (or this tensor if it already has it). */
    Tensor to(DType dtype);
    /** A copy on another device (or this tensor if it is there). */
    Tensor to(Device device);
    /** On the CPU. */
    default Tensor cpu() { return to(Device.CPU); }
    /** As float32. */
    default Tensor toFloat() { return to(DType.FLOAT32); }
    /** As float64. */
    default Tensor toDouble() { return to(DType.FLOAT64); }
    /** As int64. */
    default Tensor toLong() { return to(DType.INT64); }

    /** A tensor sharing storage (and its version counter), cut from autograd history: no grad_fn, no requires_grad. */
    Tensor detach();

    // =====================================================================================
    // autograd
    // =====================================================================================

    /** Whether autograd records ops on this tensor ({@code requires_grad}). */
    boolean requiresGrad();

    /**
     * Sets {@code requires_grad} and returns this tensor ({@code requires_grad_()}). Only floating
     * tensors can require gradients, and only a leaf's flag can be changed.
     */
    Tensor requiresGrad(boolean requiresGrad);

    /**
     * The gradient accumulated by {@link #backward()} ({@code .grad}); null until a backward reaches
     * this tensor. Filled for leaves, and for non-leaves that called {@link #retainGrad()}.
     */
    Tensor grad();

    /** Replaces the accumulated gradient ({@code x.grad = g}); null clears it, as an optimizer's zero_grad does. */
    void setGrad(Tensor grad);

    /** True for a tensor not made by a recorded op: created by the user, or not requiring grad. */
    boolean isLeaf();

    /** The node of the op that made this tensor ({@code grad_fn}); null for a leaf. */
    dev.kiln.autograd.GradFn gradFn();

    /** {@code backward()} of a one-element tensor: the gradient of this tensor with respect to every leaf. */
    void backward();

    /** {@code backward(gradient)}: the vector-Jacobian product with {@code gradient} (same shape as this tensor). */
    void backward(Tensor gradient);

    /**
     * {@code backward(gradient, retain_graph)}: with {@code retainGraph} the graph's saved tensors are
     * kept so a second backward through it works. {@code gradient} may be null for a one-element tensor.
     */
    void backward(Tensor gradient, boolean retainGraph);

    /**
     * {@code backward(gradient, retain_graph, create_graph)}: with {@code createGraph} the backward itself
     * is recorded, so gradients can be differentiated again (double backward); it implies retaining the graph.
     */
    void backward(Tensor gradient, boolean retainGraph, boolean createGraph);

    /** Keeps {@link #grad()} for this non-leaf tensor after backward ({@code retain_grad()}); returns this tensor. */
    Tensor retainGrad();

    /** Whether {@link #retainGrad()} was called on this non-leaf tensor. */
    boolean retainsGrad();

    /**
     * Calls {@code hook} with this tensor's gradient each time one is computed ({@code register_hook}); a
     * non-null return value replaces the gradient. For a leaf the hook runs before accumulation into {@link #grad()}.
     */
    dev.kiln.autograd.RemovableHandle registerHook(java.util.function.UnaryOperator<Tensor> hook);

    /** The version counter of this tensor's storage ({@code _version}): in-place writes bump it. */
    int version();

    /** PyTorch's printed form, e.g. {@code tensor([[1., 2.],\n        [3., 4.]])}. */
    @Override
    String toString();
}

package dev.kiln.spi;

import dev.kiln.DType;
import dev.kiln.Device;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A compute backend: it owns storage on one device and runs the primitive kernels over strided
 * {@link View}s. Core composes every other op (softmax, losses, conv2d, optimizer updates) from
 * these primitives, so a backend is complete when it implements this interface alone.
 *
 * <p>Core validates before it calls (the facade checks once, kernels assume): views passed to one
 * kernel have the shapes the kernel documents, are in bounds of their storage, and were allocated
 * by this backend. Broadcast operands arrive as stride-0 views. An output view never overlaps an
 * input unless it is the same view (in-place ops pass the same view as input and output).
 * Core never sends an op a dtype it is not defined for (a floating-only {@link UnaryOp} on integers, arithmetic on
 * bool): a backend may answer such a call with an {@link IllegalArgumentException}.
 * Host memory exchanged with a backend is little-endian, elements packed, in the dtype's
 * storage format (IEEE binary16 for float16, the upper half of a float32 for bfloat16, 0/1 bytes
 * for bool).
 */
public interface Backend extends AutoCloseable {
    /** The name of the provider that created it. */
    String name();

    /** The device it serves. */
    Device device();

    /** The kernels and dtypes it supports. */
    Capabilities capabilities();

    // ---- storage ----

    /** Allocates storage for {@code numel} elements of {@code dtype}; contents are undefined. */
    Storage allocate(DType dtype, long numel);

    /**
     * Storage that shares {@code host} memory (a heap or native segment), or empty when this backend
     * cannot address host memory (a GPU). Writes through either side are seen by the other.
     */
    default Optional<Storage> wrapHost(MemorySegment host, DType dtype) { return Optional.empty(); }

    /** Copies {@code count} elements from host memory into {@code dst} starting at element {@code dstOffset}. */
    void copyFromHost(MemorySegment src, Storage dst, long dstOffset, long count);

    /** Copies {@code count} elements from {@code src} starting at element {@code srcOffset} to host memory. */
    void copyToHost(Storage src, long srcOffset, long count, MemorySegment dst);

    /** Frees storage now; the storage must not be used afterwards. Releasing twice is harmless. */
    void release(Storage storage);

    // ---- primitive kernels ----

    /** {@code out = op(in)}; same shape and dtype. */
    void unary(UnaryOp op, View in, View out);

    /**
     * {@code out = a op b}; {@code a}, {@code b}, {@code out} have the same shape, {@code a} and
     * {@code b} the same dtype, {@code out} that dtype or bool for comparisons and logical ops.
     */
    void binary(BinaryOp op, View a, View b, View out);

    /** {@code out = cond ? a : b}; same shapes, {@code cond} bool, {@code a}, {@code b}, {@code out} one dtype. */
    void where(View cond, View a, View b, View out);

    /**
     * Reduces {@code in} over {@code axes} (sorted, distinct) into {@code out}, which has the shape of
     * {@code in} with every reduced axis of size 1. Value reductions keep the dtype, index reductions
     * take one axis and write int64. Reducing zero elements gives 0 for SUM, 1 for PROD.
     */
    void reduce(ReduceOp op, View in, int[] axes, View out);

    /**
     * Batched matrix product {@code out[b] = a[b] @ b[b]}: {@code a} is {@code [B, M, K]}, {@code b}
     * {@code [B, K, N]}, {@code out} {@code [B, M, N]}, one dtype, any strides (stride 0 on a
     * broadcast batch).
     */
    void matmul(View a, View b, View out);

    /** Strided copy with cast: {@code dst = (dst.dtype) src}; same shape. */
    void copy(View src, View dst);

    /** Sets every element of {@code dst} to {@code value} cast to its dtype. */
    void fill(View dst, double value);

    /**
     * {@code out[i][j][k] = src[i][index[i][j][k]][k]} for {@code dim = 1}, likewise for any dim;
     * {@code index} is int64 with the shape of {@code out}. An index out of range throws
     * {@link IndexOutOfBoundsException}.
     */
    void gather(View src, int dim, View index, View out);

    /**
     * {@code dst[i][index[i][j][k]][k] (=|+=) src[i][j][k]} for {@code dim = 1}, likewise for any dim;
     * {@code index} is int64, {@code src} has the shape of {@code index}. An index out of range throws
     * {@link IndexOutOfBoundsException}.
     */
    void scatter(ScatterMode mode, View dst, int dim, View index, View src);

    /** Unfolds {@code input} {@code [N, C, H, W]} into {@code cols} {@code [N, C*kH*kW, outH*outW]}. */
    void im2col(View input, Im2Col geometry, View cols);

    /** Adds {@code cols} {@code [N, C*kH*kW, outH*outW]} back into {@code out} {@code [N, C, H, W]} (the adjoint of im2col). */
    void col2im(View cols, Im2Col geometry, View out);

    // ---- optional fused kernels ----

    /**
     * A fused kernel of the given interface type when this backend offers one; core then uses it
     * in place of the composed form. The TCK checks fused against composed.
     */
    default <T> Optional<T> fused(Class<T> kernelType) { return Optional.empty(); }

    /** Closes the device and frees everything still allocated. */
    @Override
    void close();
}

package dev.kiln.plugins.simd;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.kiln.spi.host.HostIm2ColKernels;
import dev.kiln.spi.host.Segments;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Optional;

/**
 * The SIMD backend: the reference backend's kernels, kernel for kernel and with its semantics, with
 * vector bodies (on the width of its {@link SimdContext}) for float32 and float64 and multithreading
 * for large work. Other dtypes run scalar loops that compute exactly what the reference computes.
 * Every kernel is declared for every dtype; fused kernels come from {@link FusedKernels}.
 *
 * <p>Thread-safe for kernels on distinct outputs; storage bookkeeping is synchronized.
 */
public final class SimdBackend implements Backend {
    /** How the shared host kernels reach this backend\'s memory. */
    private static final Segments MEMORY = SimdStorage::segment;

    private final SimdContext ctx;
    private final Capabilities capabilities;
    private final Map<Class<?>, Object> fused;
    /** Shared by every storage this backend makes; close() sets it, which releases them all at once. */
    private final AtomicBoolean closed = new AtomicBoolean();

    SimdBackend(SimdContext ctx) {
        this.ctx = ctx;
        this.fused = FusedKernels.create(ctx);
        Capabilities.Builder b = Capabilities.builder();
        for (Kernel k : Kernel.values()) b.kernel(k, DType.values());
        fused.keySet().forEach(b::fused);
        this.capabilities = b.build();
    }

    /** The width and pool its kernels run on. */
    public SimdContext context() { return ctx; }

    @Override
    public String name() { return SimdBackendProvider.NAME; }

    @Override
    public Device device() { return Device.CPU; }

    @Override
    public Capabilities capabilities() { return capabilities; }

    // ---- storage ----

    @Override
    public Storage allocate(DType dtype, long numel) {
        return track(SimdStorage.allocate(dtype, numel));
    }

    @Override
    public Optional<Storage> wrapHost(MemorySegment host, DType dtype) {
        return Optional.of(track(SimdStorage.wrap(host, dtype)));
    }

    private SimdStorage track(SimdStorage storage) {
        if (closed.get()) throw new IllegalStateException("simd: backend is closed; it cannot hold new storage");
        return storage.ownedBy(closed);
    }

    @Override
    public void copyFromHost(MemorySegment src, Storage dst, long dstOffset, long count) {
        SimdStorage d = SimdStorage.of(dst, "copyFromHost");
        long bytes = checkRange("copyFromHost", d, dstOffset, count, src.byteSize());
        MemorySegment.copy(src, 0, d.segment(), dstOffset * d.dtype().byteSize(), bytes);
    }

    @Override
    public void copyToHost(Storage src, long srcOffset, long count, MemorySegment dst) {
        SimdStorage s = SimdStorage.of(src, "copyToHost");
        long bytes = checkRange("copyToHost", s, srcOffset, count, dst.byteSize());
        MemorySegment.copy(s.segment(), srcOffset * s.dtype().byteSize(), dst, 0, bytes);
    }

    private static long checkRange(String op, SimdStorage storage, long offset, long count, long hostBytes) {
        if (offset < 0 || count < 0 || offset > storage.numel() - count) {
            throw new IndexOutOfBoundsException(op + ": elements [" + offset + ", " + offset + " + " + count
                    + ") are out of range for a storage of " + storage.numel() + " "
                    + storage.dtype().torchName() + " elements");
        }
        long bytes = count * storage.dtype().byteSize();
        if (hostBytes < bytes) {
            throw new IndexOutOfBoundsException(op + ": the host segment holds " + hostBytes + " bytes but "
                    + count + " " + storage.dtype().torchName() + " elements need " + bytes);
        }
        return bytes;
    }

    @Override
    public void release(Storage storage) {
        SimdStorage.of(storage, "release").release();
    }

    // ---- kernels ----

    @Override
    public void unary(UnaryOp op, View in, View out) { ElementwiseKernels.unary(ctx, op, in, out); }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) { ElementwiseKernels.binary(ctx, op, a, b, out); }

    @Override
    public void where(View cond, View a, View b, View out) { ElementwiseKernels.where(ctx, cond, a, b, out); }

    @Override
    public void reduce(ReduceOp op, View in, int[] axes, View out) { ReduceKernel.reduce(ctx, op, in, axes, out); }

    @Override
    public void matmul(View a, View b, View out) { MatmulKernel.matmul(ctx, a, b, out); }

    @Override
    public void copy(View src, View dst) { ElementwiseKernels.copy(ctx, src, dst); }

    @Override
    public void fill(View dst, double value) { ElementwiseKernels.fill(dst, value); }

    @Override
    public void gather(View src, int dim, View index, View out) { IndexKernels.gather(MEMORY, src, dim, index, out); }

    @Override
    public void scatter(ScatterMode mode, View dst, int dim, View index, View src) {
        IndexKernels.scatter(MEMORY, mode, dst, dim, index, src);
    }

    @Override
    public void im2col(View input, Im2Col geometry, View cols) { HostIm2ColKernels.im2col(MEMORY, input, geometry, cols); }

    @Override
    public void col2im(View cols, Im2Col geometry, View out) { HostIm2ColKernels.col2im(MEMORY, cols, geometry, out); }

    @Override
    public <T> Optional<T> fused(Class<T> kernelType) {
        return Optional.ofNullable(fused.get(kernelType)).map(kernelType::cast);
    }

    /** Releases every storage still held (wrapped ones too) and stops the pool; later allocations throw. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
        ctx.parallel().close();
    }

    @Override
    public String toString() {
        return "SimdBackend[simd, cpu, " + ctx.bits() + " bits, " + ctx.parallel().threads() + " threads]";
    }
}

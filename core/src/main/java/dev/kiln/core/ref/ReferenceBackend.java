package dev.kiln.core.ref;

import dev.kiln.spi.host.HostElementwiseKernels;
import dev.kiln.spi.host.HostIm2ColKernels;
import dev.kiln.spi.host.HostIndexKernels;
import dev.kiln.spi.host.HostMatmulKernel;
import dev.kiln.spi.host.HostReduceKernel;
import dev.kiln.spi.host.Segments;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The reference backend: plain, obviously-correct Java over strided views in heap (or wrapped host)
 * memory. Floating dtypes compute in double and round once on store; integer and bool dtypes compute
 * in long and wrap on store, so int64 is exact. It is the TCK's oracle and the fallback when no plugin
 * is present, and it supports every kernel for every dtype.
 *
 * <p>Thread-safe for kernels on distinct outputs; storage needs no bookkeeping (heap memory, see
 * {@link RefStorage}).
 */
public final class ReferenceBackend implements Backend {
    /** How the shared host kernels reach this backend\'s memory. */
    private static final Segments MEMORY = RefStorage::segment;

    /** The provider and backend name. */
    public static final String NAME = "ref";

    private static final Capabilities CAPABILITIES = Capabilities.all();

    /** Shared by every storage this backend makes: closing flips it, which releases them all at once. */
    private final RefStorage.Lifetime lifetime = new RefStorage.Lifetime();

    /** A backend on the host; cheap, opens nothing. */
    public ReferenceBackend() {}

    @Override
    public String name() { return NAME; }

    @Override
    public Device device() { return Device.CPU; }

    @Override
    public Capabilities capabilities() { return CAPABILITIES; }

    // ---- storage ----

    @Override
    public Storage allocate(DType dtype, long numel) {
        checkOpen();
        return RefStorage.allocate(dtype, numel, lifetime);
    }

    @Override
    public Optional<Storage> wrapHost(MemorySegment host, DType dtype) {
        checkOpen();
        return Optional.of(RefStorage.wrap(host, dtype, lifetime));
    }

    private void checkOpen() {
        if (lifetime.isClosed()) {
            throw new IllegalStateException("ref: backend is closed; it cannot hold new storage");
        }
    }

    @Override
    public void copyFromHost(MemorySegment src, Storage dst, long dstOffset, long count) {
        RefStorage d = RefStorage.of(dst, "copyFromHost");
        long bytes = checkRange("copyFromHost", d, dstOffset, count, src.byteSize());
        MemorySegment.copy(src, 0, d.segment(), dstOffset * d.dtype().byteSize(), bytes);
    }

    @Override
    public void copyToHost(Storage src, long srcOffset, long count, MemorySegment dst) {
        RefStorage s = RefStorage.of(src, "copyToHost");
        long bytes = checkRange("copyToHost", s, srcOffset, count, dst.byteSize());
        MemorySegment.copy(s.segment(), srcOffset * s.dtype().byteSize(), dst, 0, bytes);
    }

    /** Checks an element range of a storage against it and the host segment; returns its byte length. */
    private static long checkRange(String op, RefStorage storage, long offset, long count, long hostBytes) {
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
        RefStorage.of(storage, "release").release();
    }

    // ---- kernels ----

    @Override
    public void unary(UnaryOp op, View in, View out) { HostElementwiseKernels.unary(MEMORY, op, in, out); }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) { HostElementwiseKernels.binary(MEMORY, op, a, b, out); }

    @Override
    public void where(View cond, View a, View b, View out) { HostElementwiseKernels.where(MEMORY, cond, a, b, out); }

    @Override
    public void reduce(ReduceOp op, View in, int[] axes, View out) { HostReduceKernel.reduce(MEMORY, op, in, axes, out); }

    @Override
    public void matmul(View a, View b, View out) { HostMatmulKernel.matmul(MEMORY, a, b, out); }

    @Override
    public void copy(View src, View dst) { HostElementwiseKernels.copy(MEMORY, src, dst); }

    @Override
    public void fill(View dst, double value) { HostElementwiseKernels.fill(MEMORY, dst, value); }

    @Override
    public void gather(View src, int dim, View index, View out) { HostIndexKernels.gather(MEMORY, src, dim, index, out); }

    @Override
    public void scatter(ScatterMode mode, View dst, int dim, View index, View src) {
        HostIndexKernels.scatter(MEMORY, mode, dst, dim, index, src);
    }

    @Override
    public void im2col(View input, Im2Col geometry, View cols) { HostIm2ColKernels.im2col(MEMORY, input, geometry, cols); }

    @Override
    public void col2im(View cols, Im2Col geometry, View out) { HostIm2ColKernels.col2im(MEMORY, cols, geometry, out); }

    /** Releases every storage still held (wrapped ones too); later allocations throw. Idempotent. */
    @Override
    public void close() { lifetime.close(); }

    @Override
    public String toString() { return "ReferenceBackend[ref, cpu]"; }
}

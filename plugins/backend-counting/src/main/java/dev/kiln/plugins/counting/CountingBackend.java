package dev.kiln.plugins.counting;

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
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A backend that hands every call to another backend (the reference backend) and counts the
 * primitive kernel calls per {@link Kernel}. It declares the delegate's primitive kernels and no
 * fused kernels, so core composes everything from counted primitives. Storage belongs to the
 * delegate, which the runtime closes; closing this backend only stops it from being used.
 *
 * <p>Counters are per instance and thread-safe: {@link #calls(Kernel)}, {@link #total()},
 * {@link #counts()}, {@link #reset()}.
 */
public final class CountingBackend implements Backend {
    private final Backend delegate;
    private final Capabilities capabilities;
    private final AtomicLongArray calls = new AtomicLongArray(Kernel.values().length);
    private volatile boolean closed;

    /** Counts calls made through it to {@code delegate}. */
    public CountingBackend(Backend delegate) {
        this.delegate = delegate;
        Capabilities.Builder b = Capabilities.builder();
        for (Kernel k : Kernel.values()) {
            DType[] dtypes = delegate.capabilities().dtypes(k).toArray(DType[]::new);
            if (dtypes.length > 0) b.kernel(k, dtypes);
        }
        this.capabilities = b.build();
    }

    /** Calls of {@code kernel} since creation or the last {@link #reset()}. */
    public long calls(Kernel kernel) { return calls.get(kernel.ordinal()); }

    /** Calls of every kernel together. */
    public long total() {
        long t = 0;
        for (int i = 0; i < calls.length(); i++) t += calls.get(i);
        return t;
    }

    /** A snapshot of the counts of the kernels called at least once. */
    public Map<Kernel, Long> counts() {
        Map<Kernel, Long> out = new EnumMap<>(Kernel.class);
        for (Kernel k : Kernel.values()) if (calls(k) > 0) out.put(k, calls(k));
        return out;
    }

    /** Sets every count to zero. */
    public void reset() {
        for (int i = 0; i < calls.length(); i++) calls.set(i, 0);
    }

    /** The backend it delegates to. */
    public Backend delegate() { return delegate; }

    private Backend count(Kernel kernel) {
        Backend d = live();
        calls.incrementAndGet(kernel.ordinal());
        return d;
    }

    private Backend live() {
        if (closed) throw new IllegalStateException("counting backend is closed");
        return delegate;
    }

    @Override public String name() { return CountingBackendProvider.NAME; }
    @Override public Device device() { return delegate.device(); }
    @Override public Capabilities capabilities() { return capabilities; }

    @Override public Storage allocate(DType dtype, long numel) { return live().allocate(dtype, numel); }
    @Override public Optional<Storage> wrapHost(MemorySegment host, DType dtype) { return live().wrapHost(host, dtype); }
    @Override public void copyFromHost(MemorySegment src, Storage dst, long dstOffset, long count) { live().copyFromHost(src, dst, dstOffset, count); }
    @Override public void copyToHost(Storage src, long srcOffset, long count, MemorySegment dst) { live().copyToHost(src, srcOffset, count, dst); }
    @Override public void release(Storage storage) { live().release(storage); }

    @Override public void unary(UnaryOp op, View in, View out) { count(Kernel.UNARY).unary(op, in, out); }
    @Override public void binary(BinaryOp op, View a, View b, View out) { count(Kernel.BINARY).binary(op, a, b, out); }
    @Override public void where(View cond, View a, View b, View out) { count(Kernel.WHERE).where(cond, a, b, out); }
    @Override public void reduce(ReduceOp op, View in, int[] axes, View out) { count(Kernel.REDUCE).reduce(op, in, axes, out); }
    @Override public void matmul(View a, View b, View out) { count(Kernel.MATMUL).matmul(a, b, out); }
    @Override public void copy(View src, View dst) { count(Kernel.COPY).copy(src, dst); }
    @Override public void fill(View dst, double value) { count(Kernel.FILL).fill(dst, value); }
    @Override public void gather(View src, int dim, View index, View out) { count(Kernel.GATHER).gather(src, dim, index, out); }
    @Override public void scatter(ScatterMode mode, View dst, int dim, View index, View src) { count(Kernel.SCATTER).scatter(mode, dst, dim, index, src); }
    @Override public void im2col(View input, Im2Col geometry, View cols) { count(Kernel.IM2COL).im2col(input, geometry, cols); }
    @Override public void col2im(View cols, Im2Col geometry, View out) { count(Kernel.COL2IM).col2im(cols, geometry, out); }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "CountingBackend" + counts() + " over " + delegate.name();
    }
}

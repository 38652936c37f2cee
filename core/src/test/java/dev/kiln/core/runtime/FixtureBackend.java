package dev.kiln.core.runtime;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.UnsupportedKernelException;
import dev.kiln.spi.View;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime test double: a backend that declares no kernels (every kernel is refused, as the SPI
 * requires for what a backend lacks) and records when it is closed, in a shared close log.
 */
final class FixtureBackend implements Backend {
    /** Names of fixture backends in the order they were closed. */
    static final List<String> CLOSED = new CopyOnWriteArrayList<>();

    private final String name;
    private final Device device;
    final Backend delegate;
    volatile boolean closed;

    FixtureBackend(String name, Device device, Backend delegate) {
        this.name = name;
        this.device = device;
        this.delegate = delegate;
    }

    @Override public String name() { return name; }
    @Override public Device device() { return device; }
    @Override public Capabilities capabilities() { return Capabilities.builder().build(); }

    private UnsupportedKernelException lacks(String op, Kernel kernel, DType dtype) {
        return new UnsupportedKernelException(op, name, kernel, dtype, Set.of());
    }

    @Override public Storage allocate(DType dtype, long numel) { throw new UnsupportedOperationException(name + ": no storage"); }
    @Override public void copyFromHost(MemorySegment src, Storage dst, long dstOffset, long count) { throw new UnsupportedOperationException(name + ": no storage"); }
    @Override public void copyToHost(Storage src, long srcOffset, long count, MemorySegment dst) { throw new UnsupportedOperationException(name + ": no storage"); }
    @Override public void release(Storage storage) { }
    @Override public void unary(UnaryOp op, View in, View out) { throw lacks("unary", Kernel.UNARY, in.dtype()); }
    @Override public void binary(BinaryOp op, View a, View b, View out) { throw lacks("binary", Kernel.BINARY, a.dtype()); }
    @Override public void where(View cond, View a, View b, View out) { throw lacks("where", Kernel.WHERE, a.dtype()); }
    @Override public void reduce(ReduceOp op, View in, int[] axes, View out) { throw lacks("reduce", Kernel.REDUCE, in.dtype()); }
    @Override public void matmul(View a, View b, View out) { throw lacks("matmul", Kernel.MATMUL, a.dtype()); }
    @Override public void copy(View src, View dst) { throw lacks("copy", Kernel.COPY, src.dtype()); }
    @Override public void fill(View dst, double value) { throw lacks("fill", Kernel.FILL, dst.dtype()); }
    @Override public void gather(View src, int dim, View index, View out) { throw lacks("gather", Kernel.GATHER, src.dtype()); }
    @Override public void scatter(ScatterMode mode, View dst, int dim, View index, View src) { throw lacks("scatter", Kernel.SCATTER, dst.dtype()); }
    @Override public void im2col(View input, Im2Col geometry, View cols) { throw lacks("im2col", Kernel.IM2COL, input.dtype()); }
    @Override public void col2im(View cols, Im2Col geometry, View out) { throw lacks("col2im", Kernel.COL2IM, cols.dtype()); }

    @Override
    public void close() {
        closed = true;
        CLOSED.add(name);
    }
}

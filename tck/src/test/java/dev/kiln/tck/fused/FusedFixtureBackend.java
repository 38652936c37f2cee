package dev.kiln.tck.fused;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.core.ref.ReferenceBackend;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.Probe;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;
import dev.kiln.spi.fused.SgdStepKernel;
import dev.kiln.spi.fused.SoftmaxKernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The reference backend with a plain softmax kernel and SGD step kernel over host copies (float64 only,
 * contiguous only; others declined), in one of several modes: right, wrong (softmax off in the fifth digit),
 * declining everything, or declaring a kernel it does not return.
 */
final class FusedFixtureBackend implements Backend {
    enum Mode { RIGHT, WRONG, DECLINE, MISSING }

    static final String NAME = "fused-fixture";

    private final ReferenceBackend ref = new ReferenceBackend();
    private Mode mode; // not final: read by the kernel lambdas below, set by the constructor

    FusedFixtureBackend(Mode mode) { this.mode = mode; }

    /** A module contributing the fixture's provider (a fresh backend per runtime). */
    static Module module(Mode mode) {
        BackendProvider p = new BackendProvider() {
            @Override public String name() { return NAME; }
            @Override public Device.Type deviceType() { return Device.Type.CPU; }
            @Override public int priority() { return 50; }
            @Override public Probe probe() { return Probe.available("tck fixture"); }
            @Override public Backend create(Device device, BackendContext context) { return new FusedFixtureBackend(mode); }
        };
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), BackendProvider.class).addBinding().toInstance(p);
            }
        };
    }

    private boolean fits(View... views) {
        if (mode == Mode.DECLINE) return false;
        for (View v : views) if (v != null && (v.dtype() != DType.FLOAT64 || !v.isContiguous())) return false;
        return true;
    }

    private double[] read(View v) {
        int n = Math.toIntExact(v.numel());
        MemorySegment host = Arena.ofAuto().allocate(8L * n, 8);
        copyToHost(v.storage(), v.offset(), n, host);
        return host.toArray(ValueLayout.JAVA_DOUBLE);
    }

    private void write(View v, double[] data) {
        copyFromHost(MemorySegment.ofArray(data), v.storage(), v.offset(), data.length);
    }

    private final SoftmaxKernel softmax = (in, axis, log, out) -> {
        if (!fits(in, out) || axis != in.rank() - 1) return false;
        double[] x = read(in);
        int len = in.shape()[axis];
        for (int r = 0; r < x.length / len; r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) m = Math.max(m, x[r * len + j]);
            double s = 0;
            for (int j = 0; j < len; j++) s += Math.exp(x[r * len + j] - m);
            for (int j = 0; j < len; j++) {
                double v = x[r * len + j] - m;
                x[r * len + j] = (log ? v - Math.log(s) : Math.exp(v) / s) * (mode == Mode.WRONG ? 1.00001 : 1);
            }
        }
        write(out, x);
        return true;
    };

    private final SgdStepKernel sgd = (param, grad, buf, lr, momentum, dampening, wd, nesterov, first) -> {
        if (!fits(param, grad, buf)) return false;
        double[] p = read(param);
        double[] g = read(grad);
        double[] b = buf == null ? null : read(buf);
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + wd * p[i];
            if (momentum != 0) {
                b[i] = first ? d : momentum * b[i] + (1 - dampening) * d;
                d = nesterov ? d + momentum * b[i] : b[i];
            }
            p[i] -= lr * d;
        }
        write(param, p);
        if (b != null) write(buf, b);
        return true;
    };

    @Override
    public Capabilities capabilities() {
        Capabilities.Builder b = Capabilities.builder();
        for (Kernel k : Kernel.values()) b.kernel(k, DType.values());
        return b.fused(SoftmaxKernel.class).fused(SgdStepKernel.class).build();
    }

    @Override
    public <T> Optional<T> fused(Class<T> type) {
        if (type == SoftmaxKernel.class) return Optional.of(type.cast(softmax));
        if (type == SgdStepKernel.class && mode != Mode.MISSING) return Optional.of(type.cast(sgd));
        return Optional.empty();
    }

    @Override public String name() { return NAME; }
    @Override public Device device() { return Device.CPU; }
    @Override public Storage allocate(DType dtype, long numel) { return ref.allocate(dtype, numel); }
    @Override public Optional<Storage> wrapHost(MemorySegment host, DType dtype) { return ref.wrapHost(host, dtype); }
    @Override public void copyFromHost(MemorySegment src, Storage dst, long off, long count) { ref.copyFromHost(src, dst, off, count); }
    @Override public void copyToHost(Storage src, long off, long count, MemorySegment dst) { ref.copyToHost(src, off, count, dst); }
    @Override public void release(Storage storage) { ref.release(storage); }
    @Override public void unary(UnaryOp op, View in, View out) { ref.unary(op, in, out); }
    @Override public void binary(BinaryOp op, View a, View b, View out) { ref.binary(op, a, b, out); }
    @Override public void where(View cond, View a, View b, View out) { ref.where(cond, a, b, out); }
    @Override public void reduce(ReduceOp op, View in, int[] axes, View out) { ref.reduce(op, in, axes, out); }
    @Override public void matmul(View a, View b, View out) { ref.matmul(a, b, out); }
    @Override public void copy(View src, View dst) { ref.copy(src, dst); }
    @Override public void fill(View dst, double value) { ref.fill(dst, value); }
    @Override public void gather(View src, int dim, View index, View out) { ref.gather(src, dim, index, out); }
    @Override public void scatter(ScatterMode mode, View dst, int dim, View index, View src) { ref.scatter(mode, dst, dim, index, src); }
    @Override public void im2col(View input, Im2Col geometry, View cols) { ref.im2col(input, geometry, cols); }
    @Override public void col2im(View cols, Im2Col geometry, View out) { ref.col2im(cols, geometry, out); }
    @Override public void close() { ref.close(); }
}

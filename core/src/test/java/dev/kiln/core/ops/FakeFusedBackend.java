package dev.kiln.core.ops;

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
import dev.kiln.spi.fused.Conv2dKernel;
import dev.kiln.spi.fused.CrossEntropyKernel;
import dev.kiln.spi.fused.LinearKernel;
import dev.kiln.spi.fused.MaxPool2dKernel;
import dev.kiln.spi.fused.SoftmaxKernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference backend plus plain scalar fused kernels (contiguous float32/float64 operands only; others
 * declined) that count their calls, or decline every call when {@code decline} is set. Its kernels read and
 * write through the backend's host copies, so they are an implementation independent of core's composed ops.
 */
final class FakeFusedBackend implements Backend {
    static final String NAME = "fake-fused";

    final ReferenceBackend ref = new ReferenceBackend();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    volatile boolean decline;

    private static final Capabilities CAPS;
    static {
        Capabilities.Builder b = Capabilities.builder();
        for (Kernel k : Kernel.values()) b.kernel(k, DType.values());
        b.fused(SoftmaxKernel.class).fused(CrossEntropyKernel.class).fused(MaxPool2dKernel.class)
                .fused(LinearKernel.class).fused(Conv2dKernel.class);
        CAPS = b.build();
    }

    /** A Guice module that contributes a provider of {@code backend} with a priority above the reference backend's. */
    static Module module(FakeFusedBackend backend) {
        BackendProvider p = new BackendProvider() {
            @Override public String name() { return NAME; }
            @Override public Device.Type deviceType() { return Device.Type.CPU; }
            @Override public int priority() { return 100; }
            @Override public Probe probe() { return Probe.available("test fake"); }
            @Override public Backend create(Device device, BackendContext context) { return backend; }
        };
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), BackendProvider.class).addBinding().toInstance(p);
            }
        };
    }

    int calls(String kernel) {
        AtomicInteger c = calls.get(kernel);
        return c == null ? 0 : c.get();
    }

    private boolean accept(String kernel, View... views) {
        calls.computeIfAbsent(kernel, k -> new AtomicInteger()).incrementAndGet();
        if (decline) return false;
        for (View v : views) {
            if (v != null && (!v.isContiguous() || (v.dtype() != DType.FLOAT32 && v.dtype() != DType.FLOAT64
                    && v.dtype() != DType.INT64))) {
                return false;
            }
        }
        return true;
    }

    private double[] read(View v) {
        int n = Math.toIntExact(v.numel());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate((long) n * v.dtype().byteSize(), 8);
            copyToHost(v.storage(), v.offset(), n, host);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = switch (v.dtype()) {
                    case FLOAT32 -> host.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                    case FLOAT64 -> host.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i);
                    case INT64 -> host.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i);
                    default -> throw new IllegalArgumentException(v.dtype().toString());
                };
            }
            return r;
        }
    }

    private void write(View v, double[] data) {
        int n = data.length;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate((long) n * v.dtype().byteSize(), 8);
            for (int i = 0; i < n; i++) {
                switch (v.dtype()) {
                    case FLOAT32 -> host.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) data[i]);
                    case FLOAT64 -> host.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, data[i]);
                    case INT64 -> host.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, (long) data[i]);
                    default -> throw new IllegalArgumentException(v.dtype().toString());
                }
            }
            copyFromHost(host, v.storage(), v.offset(), n);
        }
    }

    private final SoftmaxKernel softmax = (in, axis, log, out) -> {
        if (!accept("softmax", in, out)) return false;
        double[] x = read(in);
        int[] s = in.shape();
        int len = s[axis];
        int inner = 1;
        for (int d = axis + 1; d < s.length; d++) inner *= s[d];
        int outer = x.length / Math.max(1, len * inner);
        double[] y = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) m = Math.max(m, x[base + j * inner]);
                double sum = 0;
                for (int j = 0; j < len; j++) sum += Math.exp(x[base + j * inner] - m);
                for (int j = 0; j < len; j++) {
                    double v = x[base + j * inner] - m;
                    y[base + j * inner] = log ? v - Math.log(sum) : Math.exp(v) / sum;
                }
            }
        }
        write(out, y);
        return true;
    };

    private final CrossEntropyKernel crossEntropy = (logits, target, logProbs, losses) -> {
        if (!accept("cross_entropy", logits, target, logProbs, losses)) return false;
        double[] x = read(logits);
        double[] t = read(target);
        int n = logits.shape()[0];
        int c = logits.shape()[1];
        double[] lp = new double[x.length];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) m = Math.max(m, x[i * c + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(x[i * c + j] - m);
            for (int j = 0; j < c; j++) lp[i * c + j] = x[i * c + j] - m - Math.log(sum);
            l[i] = -lp[i * c + (int) t[i]];
        }
        write(logProbs, lp);
        write(losses, l);
        return true;
    };

    private final MaxPool2dKernel maxPool = (in, k, stride, pad, out, indices) -> {
        if (!accept("max_pool2d", in, out, indices)) return false;
        double[] x = read(in);
        int[] s = in.shape();
        int planes = s[0] * s[1];
        int h = s[2];
        int w = s[3];
        int oh = out.shape()[2];
        int ow = out.shape()[3];
        double[] y = new double[planes * oh * ow];
        double[] idx = new double[y.length];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int a = 0; a < k; a++) {
                        for (int b = 0; b < k; b++) {
                            int r = i * stride - pad + a;
                            int q = j * stride - pad + b;
                            if (r < 0 || q < 0 || r >= h || q >= w) continue;
                            double v = x[p * h * w + r * w + q];
                            if (at < 0 || v > best || Double.isNaN(v)) {
                                best = v;
                                at = r * w + q;
                            }
                        }
                    }
                    y[(p * oh + i) * ow + j] = best;
                    idx[(p * oh + i) * ow + j] = at;
                }
            }
        }
        write(out, y);
        write(indices, idx);
        return true;
    };

    private final LinearKernel linear = (input, weight, bias, out) -> {
        if (!accept("linear", input, weight, bias, out)) return false;
        double[] x = read(input);
        double[] wt = read(weight);
        double[] b = bias == null ? null : read(bias);
        int n = input.shape()[0];
        int k = input.shape()[1];
        int m = weight.shape()[0];
        double[] y = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double acc = b == null ? 0 : b[j];
                for (int q = 0; q < k; q++) acc += x[i * k + q] * wt[j * k + q];
                y[i * m + j] = acc;
            }
        }
        write(out, y);
        return true;
    };

    /** Direct convolution loops: visits every (n, o, c, i, j, a, b) with the input position it reads. */
    private interface ConvVisit { void at(int xi, int wi, int yi); }

    private static void convLoops(int[] xs, int[] ws, Im2Col g, ConvVisit v) {
        int oh = g.outH();
        int ow = g.outW();
        for (int n = 0; n < xs[0]; n++)
            for (int o = 0; o < ws[0]; o++)
                for (int c = 0; c < xs[1]; c++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++)
                            for (int a = 0; a < ws[2]; a++)
                                for (int b = 0; b < ws[3]; b++) {
                                    int r = i * g.strideH() - g.padH() + a * g.dilationH();
                                    int q = j * g.strideW() - g.padW() + b * g.dilationW();
                                    if (r < 0 || q < 0 || r >= xs[2] || q >= xs[3]) continue;
                                    v.at(((n * xs[1] + c) * xs[2] + r) * xs[3] + q, ((o * ws[1] + c) * ws[2] + a) * ws[3] + b,
                                            ((n * ws[0] + o) * oh + i) * ow + j);
                                }
    }

    private final Conv2dKernel conv = new Conv2dKernel() {
        @Override
        public boolean forward(View input, View weight, View bias, Im2Col g, View out) {
            if (!accept("conv2d", input, weight, bias, out)) return false;
            double[] x = read(input);
            double[] wt = read(weight);
            double[] y = new double[Math.toIntExact(out.numel())];
            convLoops(input.shape(), weight.shape(), g, (xi, wi, yi) -> y[yi] += x[xi] * wt[wi]);
            if (bias != null) {
                double[] b = read(bias);
                int plane = g.outH() * g.outW();
                for (int i = 0; i < y.length; i++) y[i] += b[(i / plane) % b.length];
            }
            write(out, y);
            return true;
        }

        @Override
        public boolean backwardInput(View gradOut, View weight, Im2Col g, View gradInput) {
            if (!accept("conv2d_backward_input", gradOut, weight, gradInput)) return false;
            double[] gy = read(gradOut);
            double[] wt = read(weight);
            double[] gx = new double[Math.toIntExact(gradInput.numel())];
            convLoops(gradInput.shape(), weight.shape(), g, (xi, wi, yi) -> gx[xi] += gy[yi] * wt[wi]);
            write(gradInput, gx);
            return true;
        }

        @Override
        public boolean backwardWeight(View gradOut, View input, Im2Col g, View gradWeight) {
            if (!accept("conv2d_backward_weight", gradOut, input, gradWeight)) return false;
            double[] gy = read(gradOut);
            double[] x = read(input);
            double[] gw = new double[Math.toIntExact(gradWeight.numel())];
            convLoops(input.shape(), gradWeight.shape(), g, (xi, wi, yi) -> gw[wi] += gy[yi] * x[xi]);
            write(gradWeight, gw);
            return true;
        }
    };

    /** How many times core asked {@link #fused} (core caches the answer per backend). */
    final AtomicInteger lookups = new AtomicInteger();

    @Override
    public <T> Optional<T> fused(Class<T> type) {
        lookups.incrementAndGet();
        Object k = type == SoftmaxKernel.class ? softmax : type == CrossEntropyKernel.class ? crossEntropy
                : type == MaxPool2dKernel.class ? maxPool : type == LinearKernel.class ? linear
                : type == Conv2dKernel.class ? conv : null;
        return Optional.ofNullable(k).map(type::cast);
    }

    // ---- everything else: the reference backend ----

    @Override public String name() { return NAME; }
    @Override public Device device() { return Device.CPU; }
    @Override public Capabilities capabilities() { return CAPS; }
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

package dev.kiln.core.optim;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.core.ref.ReferenceBackend;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BinaryOp;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Im2Col;
import dev.kiln.spi.ReduceOp;
import dev.kiln.spi.ScatterMode;
import dev.kiln.spi.Storage;
import dev.kiln.spi.UnaryOp;
import dev.kiln.spi.View;
import dev.kiln.spi.fused.AdamStepKernel;
import dev.kiln.spi.fused.SgdStepKernel;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A test backend: the reference backend's storage and primitives, plus fused SGD and Adam kernels written
 * as plain scalar loops straight from the rules in the kernels' Javadoc (in double, contiguous views only;
 * anything else is declined). It counts the calls it computed and can be told to decline everything.
 */
final class ContractStepBackend implements Backend {
    private final ReferenceBackend ref = new ReferenceBackend();
    boolean decline;
    int sgdCalls;
    int adamCalls;

    @Override public String name() { return "contract-steps"; }
    @Override public Device device() { return Device.CPU; }
    @Override public Capabilities capabilities() { return ref.capabilities(); }
    @Override public Storage allocate(DType dtype, long numel) { return ref.allocate(dtype, numel); }
    @Override public void copyFromHost(MemorySegment src, Storage dst, long dstOffset, long count) { ref.copyFromHost(src, dst, dstOffset, count); }
    @Override public void copyToHost(Storage src, long srcOffset, long count, MemorySegment dst) { ref.copyToHost(src, srcOffset, count, dst); }
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

    @Override
    public <T> Optional<T> fused(Class<T> kernelType) {
        if (kernelType == SgdStepKernel.class) return Optional.of(kernelType.cast((SgdStepKernel) this::sgd));
        if (kernelType == AdamStepKernel.class) return Optional.of(kernelType.cast((AdamStepKernel) this::adam));
        return Optional.empty();
    }

    private boolean handles(View... views) {
        if (decline) return false;
        for (View v : views) {
            if (v != null && (!v.isContiguous() || (v.dtype() != DType.FLOAT64 && v.dtype() != DType.FLOAT32))) return false;
        }
        return true;
    }

    private boolean sgd(View param, View grad, View buf, double lr, double momentum, double dampening,
                        double weightDecay, boolean nesterov, boolean firstStep) {
        if (!handles(param, grad, buf)) return false;
        double[] p = read(param), g = read(grad), b = buf == null ? null : read(buf);
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + weightDecay * p[i];
            if (momentum != 0) {
                b[i] = firstStep ? d : momentum * b[i] + (1 - dampening) * d;
                d = nesterov ? d + momentum * b[i] : b[i];
            }
            p[i] -= lr * d;
        }
        write(param, p);
        if (buf != null) write(buf, b);
        sgdCalls++;
        return true;
    }

    private boolean adam(View param, View grad, View expAvg, View expAvgSq, View maxExpAvgSq, long t, double lr,
                         double beta1, double beta2, double eps, double weightDecay, boolean decoupled, boolean amsgrad) {
        if (!handles(param, grad, expAvg, expAvgSq, maxExpAvgSq)) return false;
        double[] p = read(param), g = read(grad), m = read(expAvg), v = read(expAvgSq);
        double[] vMax = maxExpAvgSq == null ? null : read(maxExpAvgSq);
        for (int i = 0; i < p.length; i++) {
            double gi = g[i];
            if (decoupled) p[i] *= 1 - lr * weightDecay;
            else gi += weightDecay * p[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            double second = v[i];
            if (amsgrad) second = vMax[i] = Math.max(vMax[i], v[i]);
            p[i] -= lr / (1 - Math.pow(beta1, t)) * m[i] / (Math.sqrt(second) / Math.sqrt(1 - Math.pow(beta2, t)) + eps);
        }
        write(param, p);
        write(expAvg, m);
        write(expAvgSq, v);
        if (vMax != null) write(maxExpAvgSq, vMax);
        adamCalls++;
        return true;
    }

    private double[] read(View v) {
        int n = Math.toIntExact(v.numel());
        double[] out = new double[n];
        if (v.dtype() == DType.FLOAT64) {
            ref.copyToHost(v.storage(), v.offset(), n, MemorySegment.ofArray(out));
        } else {
            float[] f = new float[n];
            ref.copyToHost(v.storage(), v.offset(), n, MemorySegment.ofArray(f));
            for (int i = 0; i < n; i++) out[i] = f[i];
        }
        return out;
    }

    private void write(View v, double[] values) {
        if (v.dtype() == DType.FLOAT64) {
            ref.copyFromHost(MemorySegment.ofArray(values), v.storage(), v.offset(), values.length);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
            ref.copyFromHost(MemorySegment.ofArray(f), v.storage(), v.offset(), f.length);
        }
    }

}

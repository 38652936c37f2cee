package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.runtime.Runtimes;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.Backend;

import java.lang.foreign.MemorySegment;

/**
 * dtype casts, device moves and copies out to Java arrays. The public {@code to} conversions record
 * ToCopyBackward0; {@link #cast}, {@link #contiguousAs} and {@link #moveTo} are raw helpers that other ops
 * use inside their own forward, and record nothing.
 */
public final class Conversion {
    private Conversion() {}

    /** {@code t} itself when it is contiguous and of {@code dtype}, else a contiguous copy cast to {@code dtype}. */
    public static TensorImpl contiguousAs(TensorImpl t, DType dtype) {
        if (t.dtype() == dtype && t.isContiguous()) return t;
        TensorImpl out = TensorImpl.allocate(t.backend(), dtype, t.shapeRef());
        if (t.numel() > 0) Dispatch.copy("to", t.backend(), t.spiView(), out.spiView());
        return out;
    }

    /** {@code t} when already of {@code dtype}, else a copy cast to it (layout not preserved). */
    public static TensorImpl cast(TensorImpl t, DType dtype) {
        return t.dtype() == dtype ? t : contiguousAs(t, dtype);
    }

    /** {@code t.to(dtype)}: t itself when already of dtype, else a copy; the gradient is cast back. */
    public static Tensor to(TensorImpl t, DType dtype) {
        DType from = t.dtype();
        return Autograd.record("ToCopyBackward0", cast(t, dtype), Autograd.inputs(t), (g, s) -> Autograd.grads(g.to(from)));
    }

    /** {@code t.to(device)}: t itself when already there, else a copy; the gradient moves back. */
    public static Tensor to(TensorImpl t, Device device) {
        if (t.device().equals(device)) return t;
        Backend target = Runtimes.current().backend(device);
        Device from = t.device();
        return Autograd.record("ToCopyBackward0", moveTo(t, target), Autograd.inputs(t), (g, s) -> Autograd.grads(g.to(from)));
    }

    /** Copies a tensor to another backend through host memory. */
    public static TensorImpl moveTo(TensorImpl t, Backend target) {
        if (t.backend() == target) return t;
        TensorImpl src = contiguousAs(t, t.dtype());
        TensorImpl dst = TensorImpl.allocate(target, t.dtype(), t.shapeRef());
        long n = t.numel();
        if (n > 0) {
            MemorySegment host = MemorySegment.ofArray(new byte[Math.toIntExact(n * t.dtype().byteSize())]);
            src.backend().copyToHost(src.ref().storage(), src.storageOffset(), n, host);
            target.copyFromHost(host, dst.ref().storage(), 0, n);
        }
        return dst;
    }

    private static void checkOne(String op, TensorImpl t) {
        if (t.numel() != 1) {
            throw new IllegalArgumentException(op + ": a Tensor with " + t.numel()
                    + " elements cannot be converted to Scalar (shape " + Shapes.str(t.shapeRef()) + ")");
        }
    }

    public static double item(TensorImpl t) {
        checkOne("item", t);
        return toDoubleArray(t)[0];
    }

    public static long itemLong(TensorImpl t) {
        checkOne("item", t);
        return toLongArray(t)[0];
    }

    private static void toHost(TensorImpl c, MemorySegment dst) {
        long n = c.numel();
        if (n > 0) c.backend().copyToHost(c.ref().storage(), c.storageOffset(), n, dst);
    }

    public static double[] toDoubleArray(TensorImpl t) {
        double[] out = new double[Math.toIntExact(t.numel())];
        toHost(contiguousAs(t, DType.FLOAT64), MemorySegment.ofArray(out));
        return out;
    }

    public static float[] toFloatArray(TensorImpl t) {
        float[] out = new float[Math.toIntExact(t.numel())];
        toHost(contiguousAs(t, DType.FLOAT32), MemorySegment.ofArray(out));
        return out;
    }

    public static long[] toLongArray(TensorImpl t) {
        long[] out = new long[Math.toIntExact(t.numel())];
        toHost(contiguousAs(t, DType.INT64), MemorySegment.ofArray(out));
        return out;
    }

    public static int[] toIntArray(TensorImpl t) {
        int[] out = new int[Math.toIntExact(t.numel())];
        toHost(contiguousAs(t, DType.INT32), MemorySegment.ofArray(out));
        return out;
    }

    public static boolean[] toBooleanArray(TensorImpl t) {
        byte[] bytes = new byte[Math.toIntExact(t.numel())];
        toHost(contiguousAs(t, DType.BOOL), MemorySegment.ofArray(bytes));
        boolean[] out = new boolean[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = bytes[i] != 0;
        return out;
    }
}

package dev.kiln.core.ops;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.TensorOptions;
import dev.kiln.core.random.Generator;
import dev.kiln.core.runtime.Runtimes;
import dev.kiln.core.tensor.Dispatch;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.StorageRef;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.spi.Backend;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** Tensor creation: from Java arrays, constants, ranges, the seeded generator, and shared host memory. */
public final class Creation {
    private Creation() {}

    private static Backend backend(TensorOptions o) {
        return Runtimes.current().backend(o.deviceOrCpu());
    }

    /** A tensor of {@code dtype} from host data of {@code hostType} (float64 or int64 or float32 ...), cast by the backend. */
    private static TensorImpl fromHost(Backend be, MemorySegment host, DType hostType, DType dtype, int[] shape) {
        long n = Shapes.numel(shape);
        TensorImpl staged = TensorImpl.allocate(be, hostType, shape);
        if (n > 0) be.copyFromHost(host, staged.ref().storage(), 0, n);
        return Conversion.cast(staged, dtype);
    }

    public static Tensor full(int[] shape, double value, TensorOptions o) {
        int[] s = Shapes.checkShape("full", shape);
        TensorImpl t = TensorImpl.allocate(backend(o), o.dtypeOr(DType.FLOAT32), s);
        if (t.numel() > 0) Dispatch.fill("full", t.backend(), t.spiView(), value);
        return t;
    }

    public static Tensor empty(int[] shape, TensorOptions o) {
        return TensorImpl.allocate(backend(o), o.dtypeOr(DType.FLOAT32), Shapes.checkShape("empty", shape));
    }

    public static Tensor scalar(double value, DType dtype) {
        return full(new int[0], value, TensorOptions.of(dtype));
    }

    private static DType floatingType(String op, TensorOptions o) {
        DType d = o.dtypeOr(DType.FLOAT32);
        if (!d.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating point dtype, got " + d.torchName()
                    + "; use randint for integers");
        }
        return d;
    }

    public static Tensor rand(int[] shape, TensorOptions o) {
        int[] s = Shapes.checkShape("rand", shape);
        DType d = floatingType("rand", o);
        int n = Math.toIntExact(Shapes.numel(s));
        double[] u = d == DType.FLOAT64 ? Generator.global().uniform(n) : Generator.global().uniformFloat(n);
        return fromHost(backend(o), MemorySegment.ofArray(u), DType.FLOAT64, d, s);
    }

    public static Tensor randn(int[] shape, TensorOptions o) {
        int[] s = Shapes.checkShape("randn", shape);
        DType d = floatingType("randn", o);
        double[] z = Generator.global().normal(Math.toIntExact(Shapes.numel(s)));
        return fromHost(backend(o), MemorySegment.ofArray(z), DType.FLOAT64, d, s);
    }

    public static Tensor randint(long low, long high, int[] shape, TensorOptions o) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: expected low < high, but got low=" + low + ", high=" + high);
        }
        int[] s = Shapes.checkShape("randint", shape);
        long[] v = Generator.global().integers(low, high, Math.toIntExact(Shapes.numel(s)));
        return fromHost(backend(o), MemorySegment.ofArray(v), DType.INT64, o.dtypeOr(DType.INT64), s);
    }

    public static Tensor arange(double start, double end, double step, TensorOptions o) {
        if (step == 0) throw new IllegalArgumentException("arange: step must be nonzero");
        if ((step > 0 && end < start) || (step < 0 && end > start)) {
            throw new IllegalArgumentException("arange: upper bound and larger bound inconsistent with step sign (start="
                    + start + ", end=" + end + ", step=" + step + ")");
        }
        int n = (int) Math.ceil((end - start) / step);
        DType d = o.dtypeOr(DType.INT64);
        if (d.isFloatingPoint()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = start + i * step;
            return fromHost(backend(o), MemorySegment.ofArray(v), DType.FLOAT64, d, new int[] {n});
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = (long) (start + i * step);
        return fromHost(backend(o), MemorySegment.ofArray(v), DType.INT64, d, new int[] {n});
    }

    public static Tensor linspace(double start, double end, int steps, TensorOptions o) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        double[] v = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // PyTorch fills the first half from start and the second half from end, so the end point is exact
        int half = steps / 2;
        for (int i = 0; i < steps; i++) v[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
        return fromHost(backend(o), MemorySegment.ofArray(v), DType.FLOAT64, o.dtypeOr(DType.FLOAT32), new int[] {steps});
    }

    public static Tensor eye(int rows, int cols, TensorOptions o) {
        TensorImpl t = (TensorImpl) full(new int[] {rows, cols}, 0, o);
        int diag = Math.min(rows, cols);
        if (diag > 0) {
            TensorImpl d = t.withLayout(new int[] {diag}, new long[] {cols + 1L}, 0);
            Dispatch.fill("eye", t.backend(), d.spiView(), 1);
        }
        return t;
    }

    /** A tensor sharing {@code segment}: the CPU backend must be able to address host memory. */
    public static Tensor wrap(MemorySegment segment, DType dtype, int[] shape) {
        int[] s = Shapes.checkShape("wrap", shape);
        long n = Shapes.numel(s);
        long have = segment.byteSize() / dtype.byteSize();
        if (segment.byteSize() % dtype.byteSize() != 0 || have != n) {
            throw new IllegalArgumentException("wrap: memory of " + have + " " + dtype.torchName()
                    + " elements cannot be viewed as shape " + Shapes.str(s) + " (" + n + " elements)");
        }
        Backend be = Runtimes.current().backend(dev.kiln.Device.CPU);
        var storage = be.wrapHost(segment, dtype).orElseThrow(() -> new IllegalStateException(
                "wrap: backend '" + be.name() + "' cannot share host memory; use Tensor.of(...) to copy"));
        return new TensorImpl(new StorageRef(be, storage), dtype, s, Shapes.contiguousStrides(s), 0);
    }

    // ---- from nested Java arrays ----

    public static Tensor fromArray(Object data, DType requested) {
        if (data == null) throw new IllegalArgumentException("of: data must not be null");
        List<Integer> dims = new ArrayList<>();
        for (Object level = data; level != null && level.getClass().isArray(); ) {
            int len = Array.getLength(level);
            dims.add(len);
            level = len > 0 ? Array.get(level, 0) : null;
        }
        Class<?> leaf = leafType(data);
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        DType natural = naturalType(leaf);
        DType dtype = requested == null ? natural : requested;
        int n = Math.toIntExact(Shapes.numel(shape));
        Backend be = Runtimes.current().backend(dev.kiln.Device.CPU);
        boolean floating = leaf == float.class || leaf == double.class || leaf == Float.class || leaf == Double.class;
        if (floating) {
            double[] flat = new double[n];
            flatten(data, shape, 0, new int[] {0}, flat, null);
            return fromHost(be, MemorySegment.ofArray(flat), DType.FLOAT64, dtype, shape);
        }
        long[] flat = new long[n];
        flatten(data, shape, 0, new int[] {0}, null, flat);
        return fromHost(be, MemorySegment.ofArray(flat), DType.INT64, dtype, shape);
    }

    private static Class<?> leafType(Object data) {
        Class<?> c = data.getClass();
        while (c.isArray()) c = c.getComponentType();
        if (c == Object.class) {
            throw new IllegalArgumentException("of: expected a (nested) array of primitives or a boxed number, got "
                    + data.getClass().getTypeName());
        }
        return c;
    }

    private static DType naturalType(Class<?> leaf) {
        if (leaf == float.class || leaf == double.class || leaf == Float.class || leaf == Double.class) return DType.FLOAT32;
        if (leaf == boolean.class || leaf == Boolean.class) return DType.BOOL;
        if (leaf == byte.class || leaf == short.class || leaf == int.class || leaf == long.class
                || leaf == Byte.class || leaf == Short.class || leaf == Integer.class || leaf == Long.class) {
            return DType.INT64;
        }
        throw new IllegalArgumentException("of: unsupported element type " + leaf.getName()
                + "; expected float, double, byte, short, int, long or boolean");
    }

    private static void flatten(Object data, int[] shape, int depth, int[] pos, double[] d, long[] l) {
        if (depth == shape.length) {
            putScalar(data, pos, d, l);
            return;
        }
        if (!data.getClass().isArray() || Array.getLength(data) != shape[depth]) {
            throw new IllegalArgumentException("of: ragged nested array: expected length " + shape[depth] + " at depth "
                    + depth + ", got " + (data.getClass().isArray() ? Array.getLength(data) : "a scalar")
                    + " (shape so far " + Shapes.str(shape) + ")");
        }
        if (depth == shape.length - 1) {
            int len = shape[depth];
            int at = pos[0];
            switch (data) {
                case float[] f when d != null -> { for (int i = 0; i < len; i++) d[at + i] = f[i]; }
                case double[] f when d != null -> System.arraycopy(f, 0, d, at, len);
                case int[] f when l != null -> { for (int i = 0; i < len; i++) l[at + i] = f[i]; }
                case long[] f when l != null -> System.arraycopy(f, 0, l, at, len);
                default -> {
                    for (int i = 0; i < len; i++) putScalar(Array.get(data, i), pos, d, l);
                    return;
                }
            }
            pos[0] += len;
            return;
        }
        for (int i = 0; i < shape[depth]; i++) flatten(Array.get(data, i), shape, depth + 1, pos, d, l);
    }

    private static void putScalar(Object v, int[] pos, double[] d, long[] l) {
        if (v.getClass().isArray()) throw new IllegalArgumentException("of: ragged nested array: unexpected extra dimension");
        int i = pos[0]++;
        if (d != null) d[i] = ((Number) v).doubleValue();
        else if (v instanceof Boolean b) l[i] = b ? 1 : 0;
        else l[i] = ((Number) v).longValue();
    }
}

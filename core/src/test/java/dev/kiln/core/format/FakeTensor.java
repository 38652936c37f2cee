package dev.kiln.core.format;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;

import java.lang.reflect.Proxy;
import java.util.Arrays;

/**
 * A test-only {@link Tensor} holding row-major values, implementing just what the formatter reads
 * ({@code shape dim numel dtype device narrow toDoubleArray toLongArray toBooleanArray}); every
 * other method throws. It counts the elements read, to show a summarised print reads only edges.
 */
final class FakeTensor {
    private FakeTensor() {}

    /** Elements handed out by the data accessors since the last reset. */
    static long elementsRead;

    /** A fake tensor; {@code values} is a double[], long[] or boolean[] in row-major order. */
    static Tensor of(DType dtype, Device device, int[] shape, Object values) {
        return (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "shape", "size" -> {
                        if (args == null) yield shape.clone();
                        throw new UnsupportedOperationException("size(int)");
                    }
                    case "dim" -> shape.length;
                    case "numel" -> (long) java.lang.reflect.Array.getLength(values);
                    case "dtype" -> dtype;
                    case "device" -> device;
                    case "narrow" -> narrow(dtype, device, shape, values, (int) args[0], (int) args[1], (int) args[2]);
                    case "toDoubleArray" -> {
                        double[] v = (double[]) values;
                        elementsRead += v.length;
                        yield v.clone();
                    }
                    case "toLongArray" -> {
                        long[] v = (long[]) values;
                        elementsRead += v.length;
                        yield v.clone();
                    }
                    case "toBooleanArray" -> {
                        boolean[] v = (boolean[]) values;
                        elementsRead += v.length;
                        yield v.clone();
                    }
                    case "toString" -> TensorFormatter.format((Tensor) proxy);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("FakeTensor." + method.getName());
                });
    }

    private static Tensor narrow(DType dtype, Device device, int[] shape, Object values, int dim, int start, int length) {
        int[] out = shape.clone();
        out[dim] = length;
        int outer = 1;
        for (int d = 0; d < dim; d++) outer *= shape[d];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) inner *= shape[d];
        int n = outer * length * inner;
        Object dst = java.lang.reflect.Array.newInstance(values.getClass().getComponentType(), n);
        for (int o = 0; o < outer; o++) {
            System.arraycopy(values, (o * shape[dim] + start) * inner, dst, o * length * inner, length * inner);
        }
        return of(dtype, device, out, dst);
    }

    /** Shape as text, for messages. */
    static String describe(Tensor t) {
        return t.dtype() + Arrays.toString(t.shape());
    }
}

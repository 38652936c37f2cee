package dev.kiln.core.io;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;

import java.lang.reflect.Proxy;

/**
 * A test-only {@link Tensor} over row-major Java values, implementing what {@link Npy#write}
 * reads ({@code shape dim numel dtype device narrow} and the {@code toXxxArray} conversions);
 * every other method throws. Lets the writer be tested without an engine.
 */
final class HostTensor {
    private HostTensor() {}

    /** {@code values} is a double[] (floating dtypes), long[] (integer dtypes) or boolean[]. */
    static Tensor of(DType dtype, int[] shape, Object values) {
        return (Tensor) Proxy.newProxyInstance(Tensor.class.getClassLoader(), new Class<?>[] {Tensor.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "shape" -> shape.clone();
                    case "dim" -> shape.length;
                    case "numel" -> (long) java.lang.reflect.Array.getLength(values);
                    case "dtype" -> dtype;
                    case "device" -> Device.CPU;
                    case "narrow" -> narrow(dtype, shape, values, (int) args[0], (int) args[1], (int) args[2]);
                    case "toDoubleArray" -> doubles(values);
                    case "toFloatArray" -> {
                        double[] d = doubles(values);
                        float[] f = new float[d.length];
                        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
                        yield f;
                    }
                    case "toLongArray" -> ((long[]) values).clone();
                    case "toIntArray" -> {
                        long[] l = (long[]) values;
                        int[] out = new int[l.length];
                        for (int i = 0; i < l.length; i++) out[i] = (int) l[i];
                        yield out;
                    }
                    case "toBooleanArray" -> ((boolean[]) values).clone();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "HostTensor" + java.util.Arrays.toString(shape);
                    default -> throw new UnsupportedOperationException("HostTensor." + method.getName());
                });
    }

    private static double[] doubles(Object values) {
        if (values instanceof double[] d) return d.clone();
        throw new UnsupportedOperationException("HostTensor: not a floating tensor");
    }

    private static Tensor narrow(DType dtype, int[] shape, Object values, int dim, int start, int length) {
        int[] out = shape.clone();
        out[dim] = length;
        int outer = 1;
        for (int d = 0; d < dim; d++) outer *= shape[d];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) inner *= shape[d];
        Object dst = java.lang.reflect.Array.newInstance(values.getClass().getComponentType(), outer * length * inner);
        for (int o = 0; o < outer; o++) {
            System.arraycopy(values, (o * shape[dim] + start) * inner, dst, o * length * inner, length * inner);
        }
        return of(dtype, out, dst);
    }
}

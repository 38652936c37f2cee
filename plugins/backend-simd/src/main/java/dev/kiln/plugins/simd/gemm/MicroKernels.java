package dev.kiln.plugins.simd.gemm;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of a micro-kernel per vector width: the kernel's class file is defined again as a hidden class
 * whose class data is the width, so each copy holds its species in a {@code static final} field (the JIT
 * only intrinsifies vector operations on a constant species), and several widths live in one JVM.
 */
final class MicroKernels {
    private MicroKernels() {}

    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    /** The {@code bits}-wide copy of {@code template} (a public class of this package with a public no-arg constructor). */
    static <T> T instance(Class<? extends T> template, Class<T> type, int bits) {
        return type.cast(CACHE.computeIfAbsent(template.getName() + "@" + bits, k -> define(template, bits)));
    }

    private static Object define(Class<?> template, int bits) {
        String resource = template.getSimpleName() + ".class";
        try (InputStream in = template.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("simd: class file " + resource + " not found");
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(in.readAllBytes(), bits, true);
            return hidden.lookupClass().getConstructor().newInstance();
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("simd: cannot define the " + bits + "-bit copy of "
                    + template.getSimpleName() + ": " + e, e);
        }
    }

    /** The width a copy was defined with; called from the copy's static initializer. */
    static int bits(MethodHandles.Lookup self) {
        try {
            return MethodHandles.classData(self, ConstantDescs.DEFAULT_NAME, Integer.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("simd: " + self.lookupClass().getName() + " was defined without its width", e);
        }
    }
}

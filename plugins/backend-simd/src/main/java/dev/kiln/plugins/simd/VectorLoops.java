package dev.kiln.plugins.simd;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Op codes of the vector loops and their per-species instances. {@link FloatLoopsTemplate} and
 * {@link DoubleLoopsTemplate} are written once; for each species width this class defines their
 * bytes again as a hidden class whose class data is the width, so each copy holds its species in a
 * {@code static final} field (a JIT constant: a species held anywhere else would stop the JIT from
 * intrinsifying the vector operations). Several widths can live in one JVM (the tests run 128, 256
 * and 512 bits side by side).
 */
final class VectorLoops {
    private VectorLoops() {}

    // binary op codes
    static final int ADD = 0;
    static final int SUB = 1;
    static final int MUL = 2;
    static final int DIV = 3;
    static final int MAX = 4;
    static final int MIN = 5;

    // unary op codes
    static final int NEG = 10;
    static final int ABS = 11;
    static final int RELU = 12;
    static final int EXP = 13;
    static final int LOG = 14;
    static final int SQRT = 15;
    static final int TANH = 16;
    static final int SIGMOID = 17;
    static final int SIN = 18;
    static final int COS = 19;
    static final int RECIPROCAL = 20;

    // comparison op codes
    static final int EQ = 30;
    static final int NE = 31;
    static final int LT = 32;
    static final int LE = 33;
    static final int GT = 34;
    static final int GE = 35;

    /** Loops of one width for both float dtypes. */
    record Pair(FloatLoops floats, DoubleLoops doubles) {}

    private static final Map<Integer, Pair> BY_BITS = new ConcurrentHashMap<>();

    /** The loops on {@code bits}-wide vectors (128, 256 or 512), defined on first request. */
    static Pair forBits(int bits) {
        return BY_BITS.computeIfAbsent(bits, VectorLoops::define);
    }

    private static Pair define(int bits) {
        return new Pair((FloatLoops) instance(FloatLoopsTemplate.class, bits),
                (DoubleLoops) instance(DoubleLoopsTemplate.class, bits));
    }

    private static Object instance(Class<?> template, int bits) {
        String resource = template.getSimpleName() + ".class";
        try (InputStream in = template.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("simd: class file " + resource + " not found");
            byte[] bytes = in.readAllBytes();
            MethodHandles.Lookup hidden = MethodHandles.lookup()
                    .defineHiddenClassWithClassData(bytes, bits, true);
            return hidden.lookupClass().getConstructor().newInstance();
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("simd: cannot define the " + bits + "-bit copy of "
                    + template.getSimpleName() + ": " + e, e);
        }
    }
}

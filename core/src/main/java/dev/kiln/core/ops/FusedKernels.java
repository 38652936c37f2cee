package dev.kiln.core.ops;

import dev.kiln.spi.Backend;
import dev.kiln.spi.fused.AdamStepKernel;
import dev.kiln.spi.fused.Conv2dKernel;
import dev.kiln.spi.fused.CrossEntropyKernel;
import dev.kiln.spi.fused.LinearKernel;
import dev.kiln.spi.fused.MaxPool2dKernel;
import dev.kiln.spi.fused.SgdStepKernel;
import dev.kiln.spi.fused.SoftmaxKernel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where core asks a backend for its fused kernels ({@link Backend#fused(Class)}). The answer is cached per
 * backend instance (a backend's {@code fused()} is asked once per kernel type), so an op pays one identity
 * compare on the last backend seen, or a synchronized map lookup otherwise.
 *
 * <p>A runtime built with {@code KilnRuntime.Builder.fusedKernels(false)} (or {@code kiln.fused=false} /
 * {@code KILN_FUSED=false}) switches fused kernels off for the backends it opens
 * ({@link #setEnabled}); core then always runs the composed form. That is how the TCK compares a backend's
 * fused kernels with its own composed ops.
 *
 * <p>{@link #trace} lets a caller (the TCK) see which fused kernels ran and which declined.
 */
public final class FusedKernels {
    private FusedKernels() {}

    /** The fused-kernel interfaces core knows, in a fixed order (the cache's slots). */
    public static final List<Class<?>> TYPES = List.of(LinearKernel.class, Conv2dKernel.class, SoftmaxKernel.class,
            CrossEntropyKernel.class, MaxPool2dKernel.class, SgdStepKernel.class, AdamStepKernel.class);

    private static final Object UNRESOLVED = new Object();
    private static final Object NONE = new Object();

    /** One backend's switch and resolved kernels. */
    private static final class Entry {
        final Backend backend;
        volatile boolean enabled = true;
        final Object[] kernels = new Object[TYPES.size()];

        Entry(Backend backend) {
            this.backend = backend;
            java.util.Arrays.fill(kernels, UNRESOLVED);
        }
    }

    private static final Map<Backend, Entry> ENTRIES = Collections.synchronizedMap(new WeakHashMap<>());
    private static volatile Entry last;
    private static volatile Trace tracer;

    private static Entry entry(Backend be) {
        Entry e = last;
        if (e != null && e.backend == be) return e;
        e = ENTRIES.computeIfAbsent(be, Entry::new);
        last = e;
        return e;
    }

    /**
     * Switches the fused kernels of {@code backend} on or off (the runtime calls this when it opens a backend;
     * default on).
     */
    public static void setEnabled(Backend backend, boolean enabled) {
        entry(backend).enabled = enabled;
    }

    /** Whether core uses {@code backend}'s fused kernels. */
    public static boolean isEnabled(Backend backend) {
        return entry(backend).enabled;
    }

    /**
     * The fused kernel of {@code type} that {@code backend} offers, or null when it offers none or fused
     * kernels are switched off for it.
     */
    public static <T> T get(Backend backend, Class<T> type) {
        Entry e = entry(backend);
        if (!e.enabled) return null;
        int slot = TYPES.indexOf(type);
        if (slot < 0) throw new IllegalArgumentException("FusedKernels: unknown fused kernel type " + type.getName());
        Object k = e.kernels[slot];
        if (k == UNRESOLVED) {
            k = backend.fused(type).<Object>map(x -> x).orElse(NONE);
            if (k != NONE && !type.isInstance(k)) {
                throw new IllegalStateException("backend '" + backend.name() + "': fused(" + type.getSimpleName()
                        + ") returned a " + k.getClass().getName() + ", not a " + type.getName());
            }
            e.kernels[slot] = k;
        }
        return k == NONE ? null : type.cast(k);
    }

    /** Tells the tracer (if any) that a fused kernel of {@code type} ran ({@code accepted}) or declined. */
    public static boolean note(Class<?> type, boolean accepted) {
        Trace t = tracer;
        if (t != null) t.note(type, accepted);
        return accepted;
    }

    /** Starts recording which fused kernels run or decline, until the returned trace is closed (process-wide). */
    public static Trace trace() {
        Trace t = new Trace();
        tracer = t;
        return t;
    }

    /** What fused kernels did while a trace was open. */
    public static final class Trace implements AutoCloseable {
        private final Map<Class<?>, int[]> counts = new java.util.concurrent.ConcurrentHashMap<>();

        private void note(Class<?> type, boolean accepted) {
            int[] c = counts.computeIfAbsent(type, k -> new int[2]);
            synchronized (c) {
                c[accepted ? 0 : 1]++;
            }
        }

        /** How many calls a kernel of {@code type} computed. */
        public int used(Class<?> type) {
            int[] c = counts.get(type);
            return c == null ? 0 : c[0];
        }

        /** How many calls a kernel of {@code type} declined. */
        public int declined(Class<?> type) {
            int[] c = counts.get(type);
            return c == null ? 0 : c[1];
        }

        @Override
        public void close() {
            if (tracer == this) tracer = null;
        }
    }
}

package dev.kiln.spi;

import dev.kiln.DType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a backend supports: for each primitive {@link Kernel}, the dtypes it accepts, and the
 * fused kernels it offers. Core asks before it calls; asking for what is missing is an
 * {@link UnsupportedKernelException}, never a silent fallback.
 */
public final class Capabilities {
    private final Map<Kernel, Set<DType>> kernels;
    private final Set<Class<?>> fused;

    private Capabilities(Map<Kernel, Set<DType>> kernels, Set<Class<?>> fused) {
        this.kernels = kernels;
        this.fused = fused;
    }

    /** True when {@code kernel} accepts operands of {@code dtype}. */
    public boolean supports(Kernel kernel, DType dtype) {
        Set<DType> d = kernels.get(kernel);
        return d != null && d.contains(dtype);
    }

    /** The dtypes a kernel accepts (empty when the kernel is missing). */
    public Set<DType> dtypes(Kernel kernel) {
        return kernels.getOrDefault(kernel, Set.of());
    }

    /** The fused-kernel interfaces this backend offers through {@link Backend#fused(Class)}. */
    public Set<Class<?>> fused() { return fused; }

    /** Every kernel for every dtype: what a complete backend declares. */
    public static Capabilities all() {
        Builder b = builder();
        for (Kernel k : Kernel.values()) b.kernel(k, DType.values());
        return b.build();
    }

    /** An empty builder. */
    public static Builder builder() { return new Builder(); }

    @Override
    public String toString() { return "Capabilities" + kernels + (fused.isEmpty() ? "" : " fused=" + fused); }

    /** Collects kernels and dtypes. */
    public static final class Builder {
        private final Map<Kernel, Set<DType>> kernels = new EnumMap<>(Kernel.class);
        private final Set<Class<?>> fused = new java.util.LinkedHashSet<>();

        /** Declares {@code kernel} for these dtypes. */
        public Builder kernel(Kernel kernel, DType... dtypes) {
            Set<DType> set = kernels.computeIfAbsent(kernel, k -> EnumSet.noneOf(DType.class));
            Collections.addAll(set, dtypes);
            return this;
        }

        /** Declares a fused-kernel interface. */
        public Builder fused(Class<?> kernelType) {
            fused.add(kernelType);
            return this;
        }

        /** The immutable capabilities. */
        public Capabilities build() {
            Map<Kernel, Set<DType>> copy = new EnumMap<>(Kernel.class);
            kernels.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(EnumSet.copyOf(v))));
            return new Capabilities(Collections.unmodifiableMap(copy), Set.copyOf(fused));
        }
    }
}

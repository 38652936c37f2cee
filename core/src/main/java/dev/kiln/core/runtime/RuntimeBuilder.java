package dev.kiln.core.runtime;

import com.google.inject.Module;
import dev.kiln.KilnRuntime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link DefaultRuntime}. Unset values come from {@code kiln.plugins} / {@code KILN_PLUGINS}
 * (else {@code ./plugins}), {@code kiln.backend} / {@code KILN_BACKEND} and {@code kiln.fused} / {@code KILN_FUSED}.
 */
public final class RuntimeBuilder implements KilnRuntime.Builder {
    private Path pluginsDir;
    private String backend;
    private Boolean fusedKernels;
    private final List<Module> modules = new ArrayList<>();

    @Override
    public RuntimeBuilder pluginsDir(Path dir) {
        this.pluginsDir = dir;
        return this;
    }

    @Override
    public RuntimeBuilder backend(String name) {
        this.backend = name;
        return this;
    }

    @Override
    public RuntimeBuilder fusedKernels(boolean enabled) {
        this.fusedKernels = enabled;
        return this;
    }

    /**
     * Adds a Guice module to the runtime's injector, e.g. one that contributes backend providers
     * programmatically with {@code Multibinder.newSetBinder(binder(), BackendProvider.class)}
     * (their origin is {@code "module"}). Modules only bind; they must not open devices.
     */
    public RuntimeBuilder module(Module module) {
        modules.add(module);
        return this;
    }

    @Override
    public DefaultRuntime build() {
        DefaultRuntime rt = buildDetached();
        Runtimes.install(rt);
        return rt;
    }

    /** Builds without making it current. */
    DefaultRuntime buildDetached() {
        return RuntimeBootstrap.start(RuntimeSettings.resolve(pluginsDir, backend, fusedKernels), List.copyOf(modules));
    }
}

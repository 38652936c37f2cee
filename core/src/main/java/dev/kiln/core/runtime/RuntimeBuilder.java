package dev.kiln.core.runtime;

import dev.kiln.KilnRuntime;

import java.nio.file.Path;

/** Builds a {@link DefaultRuntime}. */
public final class RuntimeBuilder implements KilnRuntime.Builder {
    private Path pluginsDir;
    private String backend;

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
    public KilnRuntime build() {
        KilnRuntime rt = buildDetached();
        Runtimes.install(rt);
        return rt;
    }

    /** Builds without making it current. */
    KilnRuntime buildDetached() {
        return new DefaultRuntime(pluginsDir, backend);
    }
}

package dev.kiln.core.runtime;

import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;

import java.util.Optional;

/** What a provider gets when it opens a backend: {@code kiln.*}/{@code KILN_*} settings and this runtime's other backends. */
final class RuntimeBackendContext implements BackendContext {
    private final BackendRegistry registry;

    RuntimeBackendContext(BackendRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<String> setting(String key) {
        return Settings.get(key);
    }

    @Override
    public Optional<Backend> backend(String name) {
        return registry.backend(name);
    }
}

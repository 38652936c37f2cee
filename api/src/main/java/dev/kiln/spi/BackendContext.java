package dev.kiln.spi;

import java.util.Optional;

/**
 * What the runtime hands a {@link BackendProvider} when it creates a backend: settings and the
 * other backends, so a backend may delegate to another without depending on its classes.
 */
public interface BackendContext {
    /**
     * A setting by key, read from system properties ({@code kiln.threads}) then the environment
     * ({@code KILN_THREADS}).
     */
    Optional<String> setting(String key);

    /** Another backend of this runtime by name (created on first request), e.g. {@code "ref"}. */
    Optional<Backend> backend(String name);
}

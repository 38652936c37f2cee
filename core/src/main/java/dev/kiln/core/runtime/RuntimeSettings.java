package dev.kiln.core.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a runtime was configured with, resolved once at build time.
 *
 * @param pluginsDir      the plugins folder (it may not exist)
 * @param pluginsSource   where the folder came from, for the report
 * @param forcedBackend   the provider name forced for its device type, or null
 * @param forcedSource    where the forced name came from ("RuntimeBuilder.backend", "environment variable KILN_BACKEND"), or null
 */
record RuntimeSettings(Path pluginsDir, String pluginsSource, String forcedBackend, String forcedSource) {

    /** Resolves the builder's values, then {@code kiln.*} system properties, then {@code KILN_*} variables, then defaults. */
    static RuntimeSettings resolve(Path pluginsDir, String backend) {
        Path dir;
        String dirSource;
        if (pluginsDir != null) {
            dir = pluginsDir;
            dirSource = "RuntimeBuilder.pluginsDir";
        } else {
            Optional<Settings.Found> found = Settings.lookup("plugins");
            dir = found.map(f -> Path.of(f.value())).orElse(Path.of("plugins"));
            dirSource = found.map(Settings.Found::source).orElse("default ./plugins");
        }
        String forced = null;
        String forcedSource = null;
        if (backend != null && !backend.isBlank()) {
            forced = backend.trim();
            forcedSource = "RuntimeBuilder.backend";
        } else {
            Optional<Settings.Found> found = Settings.lookup("backend");
            if (found.isPresent()) {
                forced = found.get().value();
                forcedSource = found.get().source();
            }
        }
        return new RuntimeSettings(dir.toAbsolutePath().normalize(), dirSource, forced, forcedSource);
    }

    /** The forced backend, if any. */
    Optional<String> forced() { return Optional.ofNullable(forcedBackend); }
}

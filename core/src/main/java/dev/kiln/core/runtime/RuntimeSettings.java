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
 * @param fusedKernels    whether core uses the backends' fused kernels
 */
record RuntimeSettings(Path pluginsDir, String pluginsSource, String forcedBackend, String forcedSource,
                       boolean fusedKernels) {


    /** Resolves the builder's values ({@code fused} null when the builder left it unset), then {@code kiln.*} system properties, then {@code KILN_*} variables, then defaults. */
    static RuntimeSettings resolve(Path pluginsDir, String backend, Boolean fused) {
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
        return new RuntimeSettings(dir.toAbsolutePath().normalize(), dirSource, forced, forcedSource,
                fused != null ? fused : fusedSetting());
    }

    /** {@code kiln.fused} / {@code KILN_FUSED}: true or false (default true); anything else is refused, naming the source. */
    private static boolean fusedSetting() {
        Optional<Settings.Found> found = Settings.lookup("fused");
        if (found.isEmpty()) return true;
        String v = found.get().value();
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("kiln runtime: " + found.get().source() + " is '" + v
                + "'; expected true or false (whether core uses the backends' fused kernels)");
    }

    /** The forced backend, if any. */
    Optional<String> forced() { return Optional.ofNullable(forcedBackend); }
}

package dev.kiln.core.runtime;

import java.util.Locale;
import java.util.Optional;

/**
 * Kiln settings by key: the system property {@code kiln.<key>} first, then the environment variable
 * {@code KILN_<KEY>} (upper case, dots and dashes as underscores). Blank values count as unset.
 */
public final class Settings {
    private Settings() {}

    /** The setting {@code key} ({@code "backend"} reads {@code kiln.backend}, then {@code KILN_BACKEND}). */
    public static Optional<String> get(String key) {
        return lookup(key).map(Found::value);
    }

    /** The setting with where it came from, for messages ("system property kiln.backend"). */
    static Optional<Found> lookup(String key) {
        String property = propertyName(key);
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) return Optional.of(new Found(value.trim(), "system property " + property));
        String env = envName(key);
        value = System.getenv(env);
        if (value != null && !value.isBlank()) return Optional.of(new Found(value.trim(), "environment variable " + env));
        return Optional.empty();
    }

    /** {@code kiln.<key>}. */
    static String propertyName(String key) { return "kiln." + key; }

    /** {@code KILN_<KEY>}. */
    static String envName(String key) {
        return "KILN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * A setting's value and its source.
     *
     * @param value  the value, trimmed
     * @param source where it was read, for messages
     */
    record Found(String value, String source) {}
}

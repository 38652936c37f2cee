package dev.kiln.core.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The extensions found at bootstrap, checked and described, per {@link ExtensionKind}; only
 * extensions from the class path and from plugins that were accepted whole are in it. Immutable
 * once built.
 */
final class ExtensionCatalog {
    private final Map<ExtensionKind<?, ?>, List<?>> found;
    private final List<String> problems;

    ExtensionCatalog(Map<ExtensionKind<?, ?>, List<?>> found, List<String> problems) {
        Map<ExtensionKind<?, ?>, List<?>> copy = new LinkedHashMap<>();
        found.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.found = Map.copyOf(copy);
        this.problems = List.copyOf(problems);
    }

    /** An empty catalog. */
    static ExtensionCatalog empty() { return new ExtensionCatalog(Map.of(), List.of()); }

    /** The descriptions of every accepted extension of {@code kind}, class path first, then plugins in load order. */
    @SuppressWarnings("unchecked")
    <T, R> List<R> records(ExtensionKind<T, R> kind) {
        return (List<R>) found.getOrDefault(kind, List.of());
    }

    /** The accepted extensions of {@code kind}. */
    <T, R> List<T> extensions(ExtensionKind<T, R> kind) {
        List<T> out = new ArrayList<>();
        for (R r : records(kind)) out.add(kind.extension().apply(r));
        return out;
    }

    /** The description of {@code extension} (by identity), if it was discovered here. */
    <T, R> Optional<R> recordOf(ExtensionKind<T, R> kind, T extension) {
        for (R r : records(kind)) if (kind.extension().apply(r) == extension) return Optional.of(r);
        return Optional.empty();
    }

    /** Class-path extensions that could not be loaded, created or asked, one line each. */
    List<String> problems() { return problems; }
}

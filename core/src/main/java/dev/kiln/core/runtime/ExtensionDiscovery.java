package dev.kiln.core.runtime;

import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects extensions from PF4J's indexes ({@code META-INF/extensions.idx}) on the class path and in
 * every started plugin, creates them and asks each to describe itself ({@link ExtensionKind}).
 *
 * <p>A plugin is accepted whole or not at all: when one of its extension classes cannot be loaded,
 * created or asked, the plugin is stopped and marked FAILED with the reason, and none of its
 * extensions reach the catalog. A broken class-path extension is skipped alone and reported as a
 * problem. Nothing here throws for a broken extension.
 */
final class ExtensionDiscovery {
    private static final Logger log = LoggerFactory.getLogger(ExtensionDiscovery.class);

    private final PluginManager plugins;
    private final List<ExtensionKind<?, ?>> kinds;

    ExtensionDiscovery(PluginManager plugins, List<ExtensionKind<?, ?>> kinds) {
        this.plugins = plugins;
        this.kinds = List.copyOf(kinds);
    }

    /** Discovers, creates and checks every extension; marks the plugins it refuses FAILED. */
    ExtensionCatalog discover() {
        Map<ExtensionKind<?, ?>, List<Object>> found = new LinkedHashMap<>();
        for (ExtensionKind<?, ?> kind : kinds) found.put(kind, new ArrayList<>());
        List<String> problems = new ArrayList<>();

        ClassLoader classpath = PluginManager.class.getClassLoader();
        for (String className : new TreeSet<>(plugins.getExtensionClassNames(null))) {
            try {
                collect(className, classpath, "classpath").forEach((k, r) -> found.get(k).add(r));
            } catch (ExtensionException e) {
                String problem = "class-path extension " + e.getMessage();
                log.warn("Skipping {}", problem);
                problems.add(problem);
            }
        }

        for (PluginWrapper plugin : List.copyOf(plugins.getStartedPlugins())) {
            String origin = "plugin " + plugin.getPluginId() + "@" + plugin.getDescriptor().getVersion();
            Map<ExtensionKind<?, ?>, List<Object>> fromPlugin = new LinkedHashMap<>();
            try {
                Set<String> names = new TreeSet<>(plugins.getExtensionClassNames(plugin.getPluginId()));
                for (String className : names) {
                    collect(className, plugin.getPluginClassLoader(), origin)
                            .forEach((k, r) -> fromPlugin.computeIfAbsent(k, x -> new ArrayList<>()).add(r));
                }
            } catch (RuntimeException | LinkageError e) {
                refuse(plugin, e);
                continue;
            }
            fromPlugin.forEach((k, rs) -> found.get(k).addAll(rs));
        }
        return new ExtensionCatalog(new LinkedHashMap<>(found), problems);
    }

    /** Loads, creates and inspects one extension class for every kind it implements. */
    private Map<ExtensionKind<?, ?>, Object> collect(String className, ClassLoader loader, String origin) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExtensionException(className + " cannot be loaded: " + ProviderRecord.describe(e), e);
        }
        List<ExtensionKind<?, ?>> matching = kinds.stream().filter(k -> k.type().isAssignableFrom(type)).toList();
        Map<ExtensionKind<?, ?>, Object> out = new LinkedHashMap<>();
        if (matching.isEmpty()) return out;   // an extension of some other extension point
        Object instance = instantiate(type);
        for (ExtensionKind<?, ?> kind : matching) out.put(kind, kind.inspectUnchecked(instance, origin));
        return out;
    }

    private static Object instantiate(Class<?> type) {
        String name = type.getName();
        if (Modifier.isAbstract(type.getModifiers())) throw new ExtensionException(name + " is abstract");
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ExtensionException(name + " has no no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ExtensionException(name + " constructor threw " + ProviderRecord.describe(e.getCause()), e.getCause());
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ExtensionException(name + " static initializer threw " + ProviderRecord.describe(cause), cause);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new ExtensionException(name + " cannot be created: " + ProviderRecord.describe(e), e);
        }
    }

    private void refuse(PluginWrapper plugin, Throwable e) {
        String reason = e instanceof ExtensionException ? "extension " + e.getMessage()
                : "extension discovery failed: " + ProviderRecord.describe(e);
        ExtensionException failure = new ExtensionException(reason, e);
        try {
            plugins.stopPlugin(plugin.getPluginId());
        } catch (RuntimeException | LinkageError stopFailure) {
            log.debug("Stopping refused plugin '{}' failed too", plugin.getPluginId(), stopFailure);
        }
        plugin.setPluginState(PluginState.FAILED);
        plugin.setFailedException(failure);
    }
}

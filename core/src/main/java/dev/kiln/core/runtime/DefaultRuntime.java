package dev.kiln.core.runtime;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.kiln.data.DatasetFactory;
import dev.kiln.nn.LayerFactory;
import dev.kiln.optim.OptimizerFactory;

import com.google.inject.Injector;
import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.spi.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kiln runtime: the plugins folder loaded by PF4J, one Guice injector over the extensions
 * found, and the backends selected per device type (see {@link BackendRegistry}). Built by
 * {@link RuntimeBuilder}; {@link #close()} closes the backends it opened, then the plugins.
 * Thread-safe.
 */
public final class DefaultRuntime implements KilnRuntime {
    private static final Logger log = LoggerFactory.getLogger(DefaultRuntime.class);

    private final RuntimeSettings settings;
    private final KilnPluginManager pluginManager;
    private final Injector injector;
    private final BackendRegistry registry;
    private final List<PluginInfo> plugins;
    private final List<String> problems;
    private final Object closeLock = new Object();
    private boolean closed;

    DefaultRuntime(RuntimeSettings settings, KilnPluginManager pluginManager, Injector injector,
                   List<PluginInfo> plugins, List<String> problems) {
        this.settings = settings;
        this.pluginManager = pluginManager;
        this.injector = injector;
        this.registry = injector.getInstance(BackendRegistry.class);
        this.plugins = List.copyOf(plugins);
        List<String> all = new ArrayList<>(problems);
        all.addAll(registry.problems());
        this.problems = List.copyOf(all);
    }

    @Override
    public Backend backend(Device device) {
        return registry.backend(device);
    }

    @Override
    public Optional<Backend> backend(String name) {
        return registry.backend(name);
    }

    @Override
    public List<BackendInfo> backends() {
        return registry.infos();
    }

    @Override
    public List<PluginInfo> plugins() {
        return plugins;
    }

    @Override
    public Map<String, LayerFactory> layers() { return named(new TypeLiteral<NamedFactories<LayerFactory>>() {}).active(); }

    @Override
    public Map<String, OptimizerFactory> optimizers() {
        return named(new TypeLiteral<NamedFactories<OptimizerFactory>>() {}).active();
    }

    @Override
    public Map<String, DatasetFactory> datasets() {
        return named(new TypeLiteral<NamedFactories<DatasetFactory>>() {}).active();
    }

    @Override
    public List<FactoryInfo> factories() {
        List<FactoryInfo> all = new ArrayList<>();
        all.addAll(named(new TypeLiteral<NamedFactories<LayerFactory>>() {}).infos());
        all.addAll(named(new TypeLiteral<NamedFactories<OptimizerFactory>>() {}).infos());
        all.addAll(named(new TypeLiteral<NamedFactories<DatasetFactory>>() {}).infos());
        return List.copyOf(all);
    }

    private <T> NamedFactories<T> named(TypeLiteral<NamedFactories<T>> type) {
        return injector.getInstance(Key.get(type));
    }

    /** The plugins folder this runtime scanned (it may not exist). */
    public Path pluginsDir() { return settings.pluginsDir(); }

    /** Where the plugins folder setting came from ("default ./plugins", "environment variable KILN_PLUGINS" ...). */
    public String pluginsDirSource() { return settings.pluginsSource(); }

    /** The backend name forced for its device type, if one was. */
    public Optional<String> forcedBackend() { return settings.forced(); }

    /** Where the forced backend name came from, if one was forced. */
    public Optional<String> forcedBackendSource() { return Optional.ofNullable(settings.forcedSource()); }

    /** The provider name serving each device type that has a usable backend. */
    public Map<Device.Type, String> selection() { return registry.selection(); }

    /** Why a device type has no usable backend, for each device type without one. */
    public Map<Device.Type, String> selectionErrors() { return registry.selectionErrors(); }

    /** Extensions outside plugins (class path, modules) that were skipped, one line each with the reason. */
    public List<String> problems() { return problems; }

    /** The backends opened so far as {@code name@device}, in opening order. */
    public List<String> openedBackends() { return registry.opened(); }

    /** The runtime's Guice injector (built once, at bootstrap). */
    public Injector injector() { return injector; }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) return;
            closed = true;
        }
        try {
            registry.close();
        } finally {
            try {
                pluginManager.stopPlugins();
                pluginManager.unloadPlugins();
            } catch (RuntimeException | LinkageError e) {
                log.warn("Stopping plugins failed: {}", ProviderRecord.describe(e), e);
            }
            Runtimes.closed(this);
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        synchronized (closeLock) {
            return closed;
        }
    }

    @Override
    public String toString() {
        return "KilnRuntime" + selection() + (isClosed() ? " (closed)" : "");
    }
}

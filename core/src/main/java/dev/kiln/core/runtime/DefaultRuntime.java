package dev.kiln.core.runtime;

import dev.kiln.Device;
import dev.kiln.KilnRuntime;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Minimal runtime: class-path extensions through PF4J, the highest-priority available backend per
 * device type. (The plugins folder, Guice wiring and reporting are built on top of this.)
 */
final class DefaultRuntime implements KilnRuntime {
    private final PluginManager plugins;
    private final List<BackendProvider> providers;
    private final String forced;
    private final Map<String, Backend> created = new ConcurrentHashMap<>();

    DefaultRuntime(Path pluginsDir, String forcedBackend) {
        this.plugins = new DefaultPluginManager();
        this.providers = new ArrayList<>(plugins.getExtensions(BackendProvider.class));
        this.forced = forcedBackend;
    }

    @Override
    public Backend backend(Device device) {
        BackendProvider p = providers.stream()
                .filter(x -> x.deviceType() == device.type())
                .filter(x -> forced == null || x.name().equals(forced))
                .filter(x -> x.probe().available())
                .max(Comparator.comparingInt(BackendProvider::priority))
                .orElseThrow(() -> new IllegalStateException("no backend available for " + device));
        return created.computeIfAbsent(p.name(), n -> p.create(device, context()));
    }

    @Override
    public Optional<Backend> backend(String name) {
        return providers.stream().filter(p -> p.name().equals(name) && p.probe().available()).findFirst()
                .map(p -> created.computeIfAbsent(name, n -> p.create(Device.CPU, context())));
    }

    private BackendContext context() {
        return new BackendContext() {
            @Override public Optional<String> setting(String key) { return Optional.ofNullable(System.getProperty(key)); }
            @Override public Optional<Backend> backend(String name) { return DefaultRuntime.this.backend(name); }
        };
    }

    @Override
    public List<BackendInfo> backends() {
        return providers.stream().map(p -> new BackendInfo(p.name(), p.deviceType(), p.priority(), "classpath",
                p.probe().available(), p.probe().reason(), false)).toList();
    }

    @Override
    public List<PluginInfo> plugins() { return List.of(); }

    @Override
    public void close() {
        created.values().forEach(Backend::close);
        created.clear();
        Runtimes.closed(this);
    }
}

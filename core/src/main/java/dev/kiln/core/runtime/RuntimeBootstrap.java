package dev.kiln.core.runtime;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.kiln.KilnRuntime.PluginInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a runtime in order: PF4J loads and starts the plugins folder, the extensions of the class
 * path and of the started plugins are created and checked (plugins that fail are refused whole),
 * then the one Guice injector binds them ({@link ExtensionBridgeModule}) and builds the
 * {@link BackendRegistry}. No backend is opened here.
 */
final class RuntimeBootstrap {
    private RuntimeBootstrap() {}

    static DefaultRuntime start(RuntimeSettings settings, List<Module> extraModules) {
        KilnPluginManager manager = new KilnPluginManager(settings.pluginsDir());
        try {
            manager.loadPlugins();
            manager.startPlugins();
            ExtensionCatalog catalog = new ExtensionDiscovery(manager, ExtensionKind.ALL).discover();
            List<PluginInfo> plugins = PluginScan.describe(manager);
            List<Module> modules = new ArrayList<>();
            modules.add(new RuntimeModule(settings));
            modules.add(new ExtensionBridgeModule(catalog));
            modules.addAll(extraModules);
            Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);
            return new DefaultRuntime(settings, manager, injector, plugins, catalog.problems());
        } catch (RuntimeException | Error e) {
            try {
                manager.stopPlugins();
                manager.unloadPlugins();
            } catch (RuntimeException | LinkageError suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}

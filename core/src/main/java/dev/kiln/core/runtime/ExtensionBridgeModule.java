package dev.kiln.core.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import dev.kiln.data.DatasetFactory;
import dev.kiln.nn.LayerFactory;
import dev.kiln.optim.OptimizerFactory;

/**
 * The one place where PF4J extensions become Guice bindings: each {@link ExtensionKind} in the
 * catalog becomes a multibinding ({@code Set<BackendProvider>}, and {@code Map<String, LayerFactory>},
 * {@code Map<String, OptimizerFactory>}, {@code Map<String, DatasetFactory>} by name). It binds instances that were already created and checked; it opens nothing.
 */
final class ExtensionBridgeModule extends AbstractModule {
    private final ExtensionCatalog catalog;

    ExtensionBridgeModule(ExtensionCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void configure() {
        bind(ExtensionCatalog.class).toInstance(catalog);
        bindSet(ExtensionKind.BACKENDS);
        bindMap("layer", ExtensionKind.LAYERS, new TypeLiteral<NamedFactories<LayerFactory>>() {}, LayerFactory.class);
        bindMap("optimizer", ExtensionKind.OPTIMIZERS, new TypeLiteral<NamedFactories<OptimizerFactory>>() {}, OptimizerFactory.class);
        bindMap("dataset", ExtensionKind.DATASETS, new TypeLiteral<NamedFactories<DatasetFactory>>() {}, DatasetFactory.class);
    }

    /**
     * Binds the named factories of {@code kind} into {@code Map<String, T>} (duplicates resolved first-wins,
     * see {@link NamedFactories}) and their descriptions into {@code NamedFactories<T>}.
     */
    private <T> void bindMap(String label, ExtensionKind<T, FactoryRecord<T>> kind,
                             TypeLiteral<NamedFactories<T>> described, Class<T> type) {
        NamedFactories<T> named = NamedFactories.resolve(label, catalog.records(kind));
        bind(described).toInstance(named);
        MapBinder<String, T> map = MapBinder.newMapBinder(binder(), String.class, type);
        named.active().forEach((name, factory) -> map.addBinding(name).toInstance(factory));
    }

    /** Binds every accepted extension of {@code kind} into {@code Set<T>} (empty when there is none). */
    private <T, R> void bindSet(ExtensionKind<T, R> kind) {
        Multibinder<T> set = Multibinder.newSetBinder(binder(), kind.type());
        for (T extension : catalog.extensions(kind)) set.addBinding().toInstance(extension);
    }
}

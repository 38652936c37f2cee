package dev.kiln.core.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * The one place where PF4J extensions become Guice bindings: each {@link ExtensionKind} in the
 * catalog becomes a multibinding ({@code Set<BackendProvider>} now; later packs add theirs here the
 * same way). It binds instances that were already created and checked; it opens nothing.
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
    }

    /** Binds every accepted extension of {@code kind} into {@code Set<T>} (empty when there is none). */
    private <T, R> void bindSet(ExtensionKind<T, R> kind) {
        Multibinder<T> set = Multibinder.newSetBinder(binder(), kind.type());
        for (T extension : catalog.extensions(kind)) set.addBinding().toInstance(extension);
    }
}

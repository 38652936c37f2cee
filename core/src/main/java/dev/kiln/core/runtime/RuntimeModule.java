package dev.kiln.core.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Binds the runtime's settings and its backend registry. Binding only: nothing is opened here. */
final class RuntimeModule extends AbstractModule {
    private final RuntimeSettings settings;

    RuntimeModule(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(RuntimeSettings.class).toInstance(settings);
        bind(BackendRegistry.class).in(Scopes.SINGLETON);
    }
}

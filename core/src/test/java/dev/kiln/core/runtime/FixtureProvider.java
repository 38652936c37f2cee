package dev.kiln.core.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Probe;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A configurable backend provider for runtime tests, contributed through a Guice module. It can
 * depend on another backend (through {@link BackendContext#backend}) and counts its create calls.
 */
class FixtureProvider implements BackendProvider {
    final String name;
    final Device.Type type;
    final int priority;
    final Probe probe;
    final String dependsOn;
    final AtomicInteger creates = new AtomicInteger();
    volatile BackendContext lastContext;

    FixtureProvider(String name, Device.Type type, int priority, Probe probe, String dependsOn) {
        this.name = name;
        this.type = type;
        this.priority = priority;
        this.probe = probe;
        this.dependsOn = dependsOn;
    }

    static FixtureProvider available(String name, Device.Type type, int priority) {
        return new FixtureProvider(name, type, priority, Probe.available("fixture " + name), null);
    }

    static FixtureProvider unavailable(String name, Device.Type type, int priority, String reason) {
        return new FixtureProvider(name, type, priority, Probe.unavailable(reason), null);
    }

    /** A module binding these providers into {@code Set<BackendProvider>}. */
    static Module module(BackendProvider... providers) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder<BackendProvider> set = Multibinder.newSetBinder(binder(), BackendProvider.class);
                for (BackendProvider p : providers) set.addBinding().toInstance(p);
            }
        };
    }

    @Override public String name() { return name; }
    @Override public Device.Type deviceType() { return type; }
    @Override public int priority() { return priority; }
    @Override public Probe probe() { return probe; }

    @Override
    public Backend create(Device device, BackendContext context) {
        creates.incrementAndGet();
        lastContext = context;
        Backend delegate = null;
        if (dependsOn != null) {
            delegate = context.backend(dependsOn).orElseThrow(
                    () -> new IllegalStateException(name + " needs backend '" + dependsOn + "'"));
        }
        return new FixtureBackend(name, device, delegate);
    }
}

package dev.kiln.tck.plugins;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendContext;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Capabilities;
import dev.kiln.spi.Kernel;
import dev.kiln.spi.Probe;

/**
 * A backend that delegates to the runtime's reference backend but declares every kernel except UNARY,
 * bound through a Guice module given to the builder.
 */
public final class PartialProvider implements BackendProvider {
    public static com.google.inject.Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), BackendProvider.class).addBinding().toInstance(new PartialProvider());
            }
        };
    }

    @Override public String name() { return "partial"; }
    @Override public Device.Type deviceType() { return Device.Type.CPU; }
    @Override public int priority() { return -100; }
    @Override public Probe probe() { return Probe.available("test backend without the unary kernel"); }

    @Override
    public Backend create(Device device, BackendContext context) {
        Backend ref = context.backend("ref").orElseThrow();
        Capabilities.Builder caps = Capabilities.builder();
        for (Kernel k : Kernel.values()) if (k != Kernel.UNARY) caps.kernel(k, DType.values());
        Capabilities declared = caps.build();
        return (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "partial";
                    case "capabilities" -> declared;
                    case "close" -> null;
                    default -> {
                        try {
                            yield method.invoke(ref, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}

package dev.kiln.core.runtime;

import dev.kiln.Device;
import dev.kiln.spi.BackendProvider;
import dev.kiln.spi.Probe;

import java.util.Objects;

/**
 * A backend provider as the runtime sees it after asking it once: its name, device type, priority
 * and probe, and where it came from. Providers are asked at bootstrap; a provider that throws while
 * asked is refused whole (see {@link #inspect}).
 *
 * @param provider   the extension
 * @param name       {@link BackendProvider#name()}
 * @param deviceType {@link BackendProvider#deviceType()}
 * @param priority   {@link BackendProvider#priority()}
 * @param probe      {@link BackendProvider#probe()}, asked once
 * @param origin     {@code "classpath"}, {@code "plugin <id>@<version>"} or {@code "module"}
 */
record ProviderRecord(BackendProvider provider, String name, Device.Type deviceType, int priority, Probe probe,
                      String origin) {

    /**
     * Asks {@code provider} for its name, device type, priority and probe.
     *
     * @throws ExtensionException naming the provider class and the call that failed
     */
    static ProviderRecord inspect(BackendProvider provider, String origin) {
        String cls = provider.getClass().getName();
        String name = call(cls, "name()", provider::name);
        if (name == null || name.isBlank()) throw new ExtensionException(cls + ".name() returned no name");
        Device.Type type = call(cls, "deviceType()", provider::deviceType);
        if (type == null) throw new ExtensionException(cls + ".deviceType() returned null");
        int priority = call(cls, "priority()", provider::priority);
        Probe probe = call(cls, "probe()", provider::probe);
        if (probe == null) throw new ExtensionException(cls + ".probe() returned null");
        return new ProviderRecord(provider, name, type, priority,
                new Probe(probe.available(), Objects.requireNonNullElse(probe.reason(), "")), origin);
    }

    private static <T> T call(String cls, String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException | LinkageError e) {
            throw new ExtensionException(cls + "." + what + " threw " + describe(e), e);
        }
    }

    /** {@code "IllegalStateException: message"}, following causes without a message of their own. */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) t = t.getCause();
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}

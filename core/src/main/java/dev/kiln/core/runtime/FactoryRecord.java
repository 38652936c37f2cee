package dev.kiln.core.runtime;

import java.util.function.Function;

/**
 * A named factory extension (layer, optimizer or dataset factory) as the runtime sees it after asking
 * it once for its name, and where it came from.
 *
 * @param factory the extension
 * @param name    the name configs use ({@code "Linear"}, {@code "SGD"}, {@code "FashionMNIST"})
 * @param origin  {@code "classpath"} or {@code "plugin <id>@<version>"}
 * @param <T>     the factory type
 */
record FactoryRecord<T>(T factory, String name, String origin) {

    /**
     * Asks {@code factory} for its name.
     *
     * @throws ExtensionException naming the factory class when {@code name()} throws or gives no name
     */
    static <T> FactoryRecord<T> inspect(T factory, Function<T, String> name, String origin) {
        String cls = factory.getClass().getName();
        String n;
        try {
            n = name.apply(factory);
        } catch (RuntimeException | LinkageError e) {
            throw new ExtensionException(cls + ".name() threw " + ProviderRecord.describe(e), e);
        }
        if (n == null || n.isBlank()) throw new ExtensionException(cls + ".name() returned no name");
        return new FactoryRecord<>(factory, n, origin);
    }
}

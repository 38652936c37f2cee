package dev.kiln.core.runtime;

import dev.kiln.spi.BackendProvider;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An extension point the runtime collects from PF4J and the bridge binds into Guice: its type, how
 * one extension is checked and described (throwing {@link ExtensionException} refuses it), and how
 * the description gives the extension back. Packs added later (layers, optimizers, datasets) add a
 * constant here and a binding line in {@link ExtensionBridgeModule}.
 *
 * @param type      the PF4J extension point
 * @param inspector checks one extension from an origin and describes it
 * @param extension the extension a description stands for
 * @param <T>       the extension point type
 * @param <R>       what the runtime keeps per extension
 */
record ExtensionKind<T, R>(Class<T> type, BiFunction<T, String, R> inspector, Function<R, T> extension) {

    /** Backend providers, asked once for name, device type, priority and probe. */
    static final ExtensionKind<BackendProvider, ProviderRecord> BACKENDS =
            new ExtensionKind<>(BackendProvider.class, ProviderRecord::inspect, ProviderRecord::provider);

    /** Every kind the runtime collects. */
    static final List<ExtensionKind<?, ?>> ALL = List.of(BACKENDS);

    /** Inspects {@code candidate} if it is of this kind. */
    R inspectUnchecked(Object candidate, String origin) {
        return inspector.apply(type.cast(candidate), origin);
    }
}

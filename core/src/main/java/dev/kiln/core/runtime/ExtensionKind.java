package dev.kiln.core.runtime;

import dev.kiln.data.DatasetFactory;
import dev.kiln.nn.LayerFactory;
import dev.kiln.optim.OptimizerFactory;

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

    /** Layer factories of the layer packs, by PyTorch class name. */
    static final ExtensionKind<LayerFactory, FactoryRecord<LayerFactory>> LAYERS = named(LayerFactory.class, LayerFactory::name);

    /** Optimizer factories of the optimizer packs, by torch.optim class name. */
    static final ExtensionKind<OptimizerFactory, FactoryRecord<OptimizerFactory>> OPTIMIZERS =
            named(OptimizerFactory.class, OptimizerFactory::name);

    /** Dataset factories, by torchvision class name. */
    static final ExtensionKind<DatasetFactory, FactoryRecord<DatasetFactory>> DATASETS =
            named(DatasetFactory.class, DatasetFactory::name);

    /** Every kind the runtime collects. */
    static final List<ExtensionKind<?, ?>> ALL = List.of(BACKENDS, LAYERS, OPTIMIZERS, DATASETS);

    private static <T> ExtensionKind<T, FactoryRecord<T>> named(Class<T> type, Function<T, String> name) {
        return new ExtensionKind<>(type, (f, origin) -> FactoryRecord.inspect(f, name, origin), FactoryRecord::factory);
    }

    /** Inspects {@code candidate} if it is of this kind. */
    R inspectUnchecked(Object candidate, String origin) {
        return inspector.apply(type.cast(candidate), origin);
    }
}

package dev.kiln;

import dev.kiln.data.DatasetFactory;
import dev.kiln.nn.LayerFactory;
import dev.kiln.optim.OptimizerFactory;
import dev.kiln.spi.Backend;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running engine: plugins found, backends probed and selected per device type. One runtime is
 * current at a time (as PyTorch has one per process): {@link Kiln#runtime()} starts a default one
 * lazily; {@link Kiln#builder()} builds an explicit one, which becomes current until it is closed.
 */
public interface KilnRuntime extends AutoCloseable {

    /** The backend serving a device, created on first use. */
    Backend backend(Device device);

    /** A backend by provider name, if that provider exists and is available. */
    Optional<Backend> backend(String name);

    /** Every backend provider found, with where it came from and whether it is available and why. */
    List<BackendInfo> backends();

    /** Every plugin found in the plugins folder, loaded or not, with the reason when not. */
    List<PluginInfo> plugins();

    /**
     * The layer factories found (class path and plugins), by the PyTorch class name a config uses
     * ({@code "Linear"}, {@code "CrossEntropyLoss"}). When two share a name the first found serves: the
     * class path before the plugins folder, plugins in load order.
     */
    Map<String, LayerFactory> layers();

    /** The optimizer factories found, by torch.optim class name ({@code "SGD"}, {@code "Adam"}); first found wins. */
    Map<String, OptimizerFactory> optimizers();

    /** The dataset factories found, by torchvision class name ({@code "FashionMNIST"}); first found wins. */
    Map<String, DatasetFactory> datasets();

    /** Every named factory found, including those a factory of the same name found earlier shadows. */
    List<FactoryInfo> factories();

    /** Closes the backends this runtime created; tensors on them can no longer be used. */
    @Override
    void close();

    /**
     * A backend provider as the runtime sees it.
     *
     * @param name       provider name
     * @param deviceType the device type it serves
     * @param priority   its priority
     * @param origin     {@code "classpath"}, {@code "module"} (bound by a Guice module given to the builder) or
     *                   {@code "plugin <id>@<version>"}
     * @param available  what its probe said
     * @param reason     the probe's reason
     * @param selected   true when it is the backend serving its device type
     */
    record BackendInfo(String name, Device.Type deviceType, int priority, String origin,
                       boolean available, String reason, boolean selected) {}

    /**
     * A plugin found in the plugins folder.
     *
     * @param id      plugin id (or the file name when the descriptor could not be read)
     * @param version plugin version, or {@code "?"}
     * @param path    the jar or folder
     * @param state   {@code "STARTED"}; {@code "INVALID"} (not a readable plugin), {@code "INCOMPATIBLE"} (built for
     *                another api version), {@code "FAILED"} (its start or one of its extensions threw),
     *                {@code "DISABLED"} or {@code "DROPPED"} (a dependency is missing)
     * @param reason  why it is not started, or empty
     */
    record PluginInfo(String id, String version, Path path, String state, String reason) {}

    /**
     * A layer, optimizer or dataset factory as the runtime sees it.
     *
     * @param kind   {@code "layer"}, {@code "optimizer"} or {@code "dataset"}
     * @param name   the name configs use
     * @param origin {@code "classpath"} or {@code "plugin <id>@<version>"}
     * @param active true when it serves its name; false when one found earlier has the same name
     */
    record FactoryInfo(String kind, String name, String origin, boolean active) {}

    /** Configures an explicit runtime. */
    interface Builder {
        /** The folder holding plugin jars (default: {@code KILN_PLUGINS}, else {@code ./plugins}). */
        Builder pluginsDir(Path dir);

        /** Forces the backend for its device type by provider name (default: {@code KILN_BACKEND} / {@code kiln.backend}). */
        Builder backend(String name);

        /**
         * Whether core uses the fused kernels ({@link dev.kiln.spi.fused}) of the backends this runtime opens
         * (default: {@code kiln.fused} / {@code KILN_FUSED}, else true). With false every composite op runs in
         * its composed form from primitive kernels: the values agree within rounding and the autograd graph is
         * the same; the TCK uses it to compare a backend's fused kernels with its composed ops.
         */
        Builder fusedKernels(boolean enabled);

        /** Builds the runtime and makes it current. */
        KilnRuntime build();
    }
}

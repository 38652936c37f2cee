package dev.kiln.examples.train;

import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.data.Dataset;
import dev.kiln.data.DatasetFactory;
import dev.kiln.layers.Sequential;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import dev.kiln.nn.Loss;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.OptimizerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the names of a {@link TrainConfig} into objects through the factories the runtime found (the layer,
 * optimizer and dataset packs), so a pack dropped into the plugins folder is usable from a config by name.
 * Every failure is a {@link ConfigException} naming the config field: an unknown type lists the known ones,
 * and a factory's complaint about its arguments is passed on under {@code <field>.args}.
 */
public final class ComponentResolver {
    private final String source;
    private final Map<String, LayerFactory> layers;
    private final Map<String, OptimizerFactory> optimizers;
    private final Map<String, DatasetFactory> datasets;

    /**
     * A resolver over the given factories (by name).
     *
     * @param source the config file, for messages
     */
    public ComponentResolver(String source, Map<String, LayerFactory> layers, Map<String, OptimizerFactory> optimizers,
                             Map<String, DatasetFactory> datasets) {
        this.source = source;
        this.layers = new TreeMap<>(layers);
        this.optimizers = new TreeMap<>(optimizers);
        this.datasets = new TreeMap<>(datasets);
    }

    /** A resolver over the factories {@code runtime} found on the class path and in its plugins folder. */
    public static ComponentResolver of(String source, KilnRuntime runtime) {
        return new ComponentResolver(source, runtime.layers(), runtime.optimizers(), runtime.datasets());
    }

    /** The names of the layer factories found. */
    public List<String> layerNames() { return List.copyOf(layers.keySet()); }

    private static String known(Map<String, ?> m) { return m.isEmpty() ? "(none found: is the pack's jar in the plugins folder?)" : String.join(", ", m.keySet()); }

    /** One layer. */
    public Layer layer(TrainConfig.Component c) {
        LayerFactory f = layers.get(c.type());
        if (f == null) {
            throw new ConfigException(source, c.field() + ".type", "unknown layer type '" + c.type() + "'; known: " + known(layers));
        }
        try {
            return f.create(c.args());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ConfigException(source, c.field() + ".args", e.getMessage());
        }
    }

    /** The model: the layers of {@code arch} in a {@code Sequential}, named 0, 1, 2... as PyTorch's. */
    public Layer model(List<TrainConfig.Component> arch) {
        Map<String, Layer> built = new LinkedHashMap<>();
        for (int i = 0; i < arch.size(); i++) {
            Layer l = layer(arch.get(i));
            if (l instanceof Loss) {
                throw new ConfigException(source, arch.get(i).field() + ".type", "'" + arch.get(i).type()
                        + "' is a loss, not a model layer: name it under \"loss\"");
            }
            built.put(Integer.toString(i), l);
        }
        return new Sequential(built);
    }

    /** The loss. */
    public Loss loss(TrainConfig.Component c) {
        Layer l = layer(c);
        if (!(l instanceof Loss loss)) {
            throw new ConfigException(source, c.field() + ".type", "'" + c.type() + "' is not a loss (it does not extend Loss)");
        }
        return loss;
    }

    /** The optimizer over {@code params}. */
    public Optimizer optimizer(TrainConfig.Component c, List<Tensor> params) {
        OptimizerFactory f = optimizers.get(c.type());
        if (f == null) {
            throw new ConfigException(source, c.field() + ".type", "unknown optimizer '" + c.type() + "'; known: " + known(optimizers));
        }
        try {
            return f.create(params, c.args());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ConfigException(source, c.field() + ".args", e.getMessage());
        }
    }

    /** One split of the dataset ({@code train} true or false), with extra args such as a default root. */
    public Dataset<?> dataset(TrainConfig.Component c, boolean train, Map<String, Object> defaults) {
        DatasetFactory f = datasets.get(c.type());
        if (f == null) {
            throw new ConfigException(source, c.field() + ".type", "unknown dataset '" + c.type() + "'; known: " + known(datasets));
        }
        Map<String, Object> args = new LinkedHashMap<>(defaults);
        args.putAll(c.args());
        args.put("train", train);
        try {
            return f.create(args);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ConfigException(source, c.field() + ".args", e.getMessage());
        } catch (RuntimeException e) {
            // files not found, unreadable: still before training, still the dataset's fault
            throw new ConfigException(source, c.field(), e.getMessage());
        }
    }
}

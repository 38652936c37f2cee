package dev.kiln.examples.train;

import com.google.inject.ConfigurationException;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.core.runtime.DefaultRuntime;
import dev.kiln.data.Dataset;
import dev.kiln.data.DatasetFactory;
import dev.kiln.layers.Sequential;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import dev.kiln.nn.Loss;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.OptimizerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

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

    /** A resolver over the factories of {@code runtime}. */
    public static ComponentResolver of(String source, KilnRuntime runtime) {
        return new ComponentResolver(source, factories(runtime, LayerFactory.class, LayerFactory::name),
                factories(runtime, OptimizerFactory.class, OptimizerFactory::name),
                factories(runtime, DatasetFactory.class, DatasetFactory::name));
    }

    /**
     * The runtime's factories of one kind: the maps its bridge binds into Guice; where the runtime binds none
     * (an older core), the extensions listed in the class path's {@code META-INF/extensions.idx}.
     */
    @SuppressWarnings("unchecked")
    static <T> Map<String, T> factories(KilnRuntime runtime, Class<T> type, Function<T, String> name) {
        if (runtime instanceof DefaultRuntime r) {
            try {
                var key = (Key<Map<String, T>>) Key.get(TypeLiteral.get(
                        com.google.inject.util.Types.mapOf(String.class, type)));
                return r.injector().getInstance(key);
            } catch (ConfigurationException notBound) {
                // fall back to the class path below
            }
        }
        return classPathExtensions(type, name);
    }

    private static <T> Map<String, T> classPathExtensions(Class<T> type, Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        ClassLoader loader = ComponentResolver.class.getClassLoader();
        try {
            Enumeration<URL> idx = loader.getResources("META-INF/extensions.idx");
            while (idx.hasMoreElements()) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(idx.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        line = line.strip();
                        if (line.isEmpty() || line.startsWith("#")) continue;
                        try {
                            Class<?> c = Class.forName(line, false, loader);
                            if (!type.isAssignableFrom(c)) continue;
                            T ext = type.cast(c.getDeclaredConstructor().newInstance());
                            out.putIfAbsent(name.apply(ext), ext);
                        } catch (ReflectiveOperationException | LinkageError e) {
                            // an extension that cannot load is skipped here; the runtime reports such problems
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read META-INF/extensions.idx from the class path", e);
        }
        return out;
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

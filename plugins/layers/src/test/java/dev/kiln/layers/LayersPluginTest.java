package dev.kiln.layers;

import dev.kiln.KilnRuntime.FactoryInfo;
import dev.kiln.KilnRuntime.PluginInfo;
import dev.kiln.Tensor;
import dev.kiln.core.runtime.DefaultRuntime;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import dev.kiln.nn.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar Maven built for this module, dropped into a real plugins folder and loaded through PF4J: it
 * is a valid plugin, its factories are found by name from the plugin's own class loader, and the layers
 * they make work with the application's api and engine (no copy of the api inside the jar).
 */
class LayersPluginTest {

    private static Path pluginsDir(Path tmp) throws Exception {
        String jar = System.getProperty("kiln.layers.jar");
        if (jar == null) throw new IllegalStateException("kiln.layers.jar is not set: run these tests through Maven (plugins/layers/pom.xml sets it)");
        Path dir = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(Path.of(jar), dir.resolve("kiln-layers.jar"));
        return dir;
    }

    @Test
    void kilnRuntimeStartsTheLayersJarAndListsItsFactories(@TempDir Path tmp) throws Exception {
        try (DefaultRuntime rt = new RuntimeBuilder().pluginsDir(pluginsDir(tmp)).build()) {
            PluginInfo info = rt.plugins().stream().filter(p -> p.id().equals("kiln-layers")).findFirst().orElseThrow();
            assertEquals("STARTED", info.state(), info.toString());
            assertEquals(15, rt.layers().size(), rt.layers().keySet().toString());
            // the same pack is also on this test's class path: the class-path copy serves the names (the one
            // `new Linear(...)` comes from) and the plugin's are listed, shadowed
            String origin = "plugin kiln-layers@" + info.version();
            List<FactoryInfo> fromPlugin = rt.factories().stream().filter(f -> f.origin().equals(origin)).toList();
            assertEquals(15, fromPlugin.size(), rt.factories().toString());
            assertTrue(fromPlugin.stream().allMatch(f -> f.kind().equals("layer") && !f.active()), fromPlugin.toString());
            assertSame(Linear.class, rt.layers().get("Linear").create(Map.of("in_features", 1, "out_features", 1)).getClass());
        }
    }

    @Test
    void factoriesFromThePluginJarCreateWorkingLayers(@TempDir Path tmp) throws Exception {
        PluginManager pf4j = new DefaultPluginManager(pluginsDir(tmp));
        try {
            pf4j.loadPlugins();
            pf4j.startPlugins();
            assertEquals(PluginState.STARTED, pf4j.getPlugin("kiln-layers").getPluginState());
            Map<String, LayerFactory> byName = new TreeMap<>();
            for (LayerFactory f : pf4j.getExtensions(LayerFactory.class, "kiln-layers")) byName.put(f.name(), f);
            assertEquals(List.of("Conv2d", "CrossEntropyLoss", "Dropout", "Flatten", "Identity", "Linear", "LogSoftmax",
                    "MSELoss", "MaxPool2d", "NLLLoss", "ReLU", "Sequential", "Sigmoid", "Softmax", "Tanh"), List.copyOf(byName.keySet()));

            LayerFactory linearFactory = byName.get("Linear");
            assertInstanceOf(PluginClassLoader.class, linearFactory.getClass().getClassLoader());
            Layer linear = linearFactory.create(Map.of("in_features", 3, "out_features", 2));
            // the plugin's own class, not the copy on the test class path, yet an api Layer
            assertNotSame(Linear.class, linear.getClass());
            assertEquals("Linear(in_features=3, out_features=2, bias=True)", linear.toString());
            assertArrayEquals(new int[] {4, 2}, linear.forward(Tensor.ones(4, 3)).shape());

            Loss loss = (Loss) byName.get("CrossEntropyLoss").create(Map.of("reduction", "sum"));
            Tensor l = loss.forward(linear.forward(Tensor.ones(4, 3)), Tensor.of(0L, 1L, 1L, 0L));
            l.backward();
            assertArrayEquals(new int[] {2, 3}, linear.parameter("weight").grad().shape());
        } finally {
            // unloadPlugin stops it first (PF4J 3.15's stopPlugins() trips over its own list while stopping)
            pf4j.unloadPlugin("kiln-layers");
        }
    }
}
